// The oracle: the real Sequelize runs the lines of a `grumble eval` script and prints one JSON line
// per expression the way `grumble eval` prints it (tests/tst_oracle.cpp compares the two).
//
//   node run.js MODELS_DIR DATABASE < script
//
// MODELS_DIR holds the model files `grumble export-sequelize` wrote (sequelize-cli's shape:
// module.exports = (sequelize, DataTypes) => Model, with a static associate(models)); they are
// loaded on a Sequelize of our own and synced on DATABASE, an empty SQLite file or a
// postgres(ql):// URL. Each script line is `Model.method(args)` or `Model#pk.method(args)`:
//   Model#pk.method(args)  await (await Model.findByPk(pk)).method(args)
//   Model.method(args)     await Model.method(args)  (create, bulkCreate, findAll, findOne, findByPk, count)
// Arguments are JSON (with `undefined`); a `Model#pk` reference is that instance in an argument or
// array, its key inside an object. Options are translated to Sequelize's own forms: "$op" keys
// become Op symbols, model names in `include`/`model` become the model classes. The answer is
// printed as JSON.stringify prints it (records as toJSON()); a failure as {"error": {name, message}}.
// Sequelize comes from NODE_PATH (GRUMBLE_SEQUELIZE_DIR/node_modules).
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { Sequelize, DataTypes, Op } = require('sequelize');

function connect(database) {
    const options = { logging: false };
    if (/^postgres(ql)?:\/\//.test(database))
        return new Sequelize(database.replace(/^postgresql:/, 'postgres:'), options);
    return new Sequelize(Object.assign({ dialect: 'sqlite', storage: database.replace(/^sqlite:/, '') }, options));
}

function loadModels(sequelize, dir) {
    const db = {};
    for (const file of fs.readdirSync(dir).sort()) {
        if (file === 'index.js' || !file.endsWith('.js'))
            continue;
        const model = require(path.resolve(dir, file))(sequelize, DataTypes);
        db[model.name] = model;
    }
    for (const name of Object.keys(db)) {
        if (db[name].associate)
            db[name].associate(db);
    }
    return sequelize.models;
}

// Exact name, then case-insensitive, then table name (as Schema::model does).
function findModel(models, name) {
    if (models[name])
        return models[name];
    const lower = name.toLowerCase();
    for (const model of Object.values(models)) {
        if (model.name.toLowerCase() === lower || model.getTableName().toString() === name)
            return model;
    }
    return null;
}

// `Model#pk` → {"$ref": [Model, pk]} outside strings; `undefined` → null.
function toJsonText(text) {
    let out = '';
    for (let i = 0; i < text.length;) {
        const c = text[i];
        if (c === '"') {
            let j = i + 1;
            while (j < text.length && text[j] !== '"')
                j += text[j] === '\\' ? 2 : 1;
            out += text.slice(i, j + 1);
            i = j + 1;
            continue;
        }
        const rest = text.slice(i);
        const ref = /^([A-Za-z_]\w*)#(-?\d+(?:\.\d+)?|"[^"]*")/.exec(rest);
        if (ref && !/\w/.test(text[i - 1] || '')) {
            out += `{"$ref": [${JSON.stringify(ref[1])}, ${ref[2]}]}`;
            i += ref[0].length;
            continue;
        }
        const word = /^undefined\b/.exec(rest);
        if (word && !/\w/.test(text[i - 1] || '')) {
            out += 'null';
            i += word[0].length;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

function isRef(value) {
    return value && typeof value === 'object' && !Array.isArray(value) && Array.isArray(value.$ref)
        && Object.keys(value).length === 1;
}

// References: instances where Grumble takes records (arguments, arrays), keys inside objects.
async function resolveRefs(models, value, asInstance) {
    if (isRef(value)) {
        const model = findModel(models, value.$ref[0]);
        if (!model)
            throw new Error(`unknown model ${value.$ref[0]}`);
        if (!asInstance)
            return value.$ref[1];
        const instance = await model.findByPk(value.$ref[1]);
        if (!instance)
            throw new Error(`${value.$ref[0]}#${value.$ref[1]} does not exist`);
        return instance;
    }
    if (Array.isArray(value))
        return Promise.all(value.map((v) => resolveRefs(models, v, asInstance)));
    if (value && typeof value === 'object') {
        const out = {};
        for (const [key, v] of Object.entries(value))
            out[key] = await resolveRefs(models, v, false);
        return out;
    }
    return value;
}

// "$gt" → Op.gt everywhere ("$assoc.column$" keys stay strings), model names → classes.
function translateOptions(models, value, current) {
    if (Array.isArray(value))
        return value.map((v) => translateOptions(models, v, current));
    if (!value || typeof value !== 'object')
        return value;
    const out = {};
    for (const [key, v] of Object.entries(value)) {
        if (key.startsWith('$') && !key.endsWith('$') && Op[key.slice(1)])
            out[Op[key.slice(1)]] = translateOptions(models, v, current);
        else if (key === 'include')
            out.include = translateIncludes(models, Array.isArray(v) ? v : [v], current);
        else if (key === 'model' && typeof v === 'string')
            out.model = findModel(models, v) || v;
        else if (key === 'order')
            out.order = translateOrder(models, v);
        else
            out[key] = translateOptions(models, v, current);
    }
    return out;
}

// Include entries: an alias string stays, a model name becomes its class; nested ones recursively.
function translateIncludes(models, includes, current) {
    return includes.map((entry) => {
        if (typeof entry === 'string') {
            if (current && current.associations[entry])
                return entry;
            return findModel(models, entry) || entry;
        }
        if (!entry || typeof entry !== 'object' || entry.all)
            return entry;
        const target = typeof entry.model === 'string' ? findModel(models, entry.model) : null;
        const association = entry.as && current ? current.associations[entry.as] : null;
        const next = association ? association.target : target;
        return translateOptions(models, entry, next);
    });
}

// Order items: model names (strings naming a model and not a column) and {model, as} → classes.
function translateOrder(models, order) {
    if (!Array.isArray(order))
        return order;
    return order.map((item) => {
        if (!Array.isArray(item))
            return item;
        return item.map((part) => {
            if (part && typeof part === 'object' && typeof part.model === 'string')
                return Object.assign({}, part, { model: findModel(models, part.model) || part.model });
            return part;
        });
    });
}

function parseLine(line) {
    const match = /^([A-Za-z_]\w*)(?:#(-?\d+|"[^"]*"))?\.([A-Za-z_]\w*)\(([\s\S]*)\)\s*;?$/.exec(line);
    if (!match)
        throw new Error(`cannot parse: ${line}`);
    const args = JSON.parse(`[${toJsonText(match[4])}]`);
    return { model: match[1], pk: match[2] === undefined ? undefined : JSON.parse(match[2]), method: match[3], args };
}

// Arguments of a call: records where records go, the options object translated.
async function callArguments(models, model, method, rawArgs) {
    const args = [];
    for (let i = 0; i < rawArgs.length; ++i) {
        let arg = await resolveRefs(models, rawArgs[i], true);
        const isOptions = arg && typeof arg === 'object' && !Array.isArray(arg) && !(arg instanceof Sequelize.Model);
        const optionsIndex = /^(findAll|findOne|count|get[A-Z]\w*|count[A-Z]\w*)$/.test(method) ? 0 : 1;
        if (isOptions && i === optionsIndex)
            arg = translateOptions(models, arg, model);
        args.push(arg);
    }
    return args;
}

// The model an accessor's options speak of (its target), for aliases in include.
function accessorTarget(model, method) {
    for (const association of Object.values(model.associations)) {
        if (Object.values(association.accessors || {}).includes(method))
            return association.target;
    }
    return model;
}

async function evaluate(models, line) {
    const call = parseLine(line);
    const model = findModel(models, call.model);
    if (!model)
        throw new Error(`unknown model ${call.model}`);
    if (call.pk === undefined) {
        if (!/^(create|bulkCreate|findAll|findOne|findByPk|count)$/.test(call.method))
            throw new Error(`unknown static method ${call.method}`);
        return model[call.method](...(await callArguments(models, model, call.method, call.args)));
    }
    const instance = await model.findByPk(call.pk);
    if (!instance)
        throw new Error(`${call.model}#${call.pk} does not exist`);
    if (typeof instance[call.method] !== 'function')
        throw new Error(`unknown method ${call.method}`);
    const args = await callArguments(models, accessorTarget(model, call.method), call.method, call.args);
    return instance[call.method](...args);
}

async function main() {
    const [dir, database] = process.argv.slice(2);
    if (!dir || !database) {
        process.stderr.write('usage: node run.js MODELS_DIR DATABASE < script\n');
        process.exit(2);
    }
    const sequelize = connect(database);
    const models = loadModels(sequelize, dir);
    await sequelize.sync();
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const raw of lines) {
        const line = raw.trim();
        if (!line || line.startsWith('//'))
            continue;
        let text;
        try {
            const result = await evaluate(models, line);
            try {
                text = JSON.stringify(result === undefined ? null : result);
            } catch (e) {
                // hasMany's removeX returns the raw result of its UPDATE, which JSON cannot hold.
                text = JSON.stringify({ notJson: Object.prototype.toString.call(result) });
            }
        } catch (e) {
            text = JSON.stringify({ error: { name: e.name, message: e.message } });
        }
        process.stdout.write(text + '\n');
    }
    await sequelize.close();
}

main().catch((e) => {
    process.stderr.write(`${e.stack || e}\n`);
    process.exit(1);
});
