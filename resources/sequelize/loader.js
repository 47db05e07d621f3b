'use strict';
// Grumble's Sequelize loader: `node loader.js PATH`.
//
// PATH is a models/ folder with an index.js (the sequelize-cli layout) or a .js/.cjs/.mjs file that
// exports a Sequelize instance, an object holding one (db.sequelize), or a default export of either.
// The project's code runs with the project's own node_modules (and NODE_PATH), so its Sequelize
// version, custom types and associate() functions run as in the application. Nothing connects: the
// loader never calls sync, authenticate or query, and while the project's code loads any query it
// runs itself is refused before a connection is opened.
//
// Output: ONE JSON document on stdout, Grumble's schema format (resources/schemas/*.json). What the
// format cannot carry goes to stderr as lines "not honoured by Grumble: ...". Exit status 0 on
// success, 1 when the project cannot be loaded (the reason and the first stack lines on stderr).
// Shipped inside the grumble binary (resources/grumble.qrc); `grumble import-sequelize` writes it
// to a temporary file and runs it.

const fs = require('fs');
const path = require('path');
const Module = require('module');
const { pathToFileURL } = require('url');

const SUPPORTED_MAJORS = [6];

class LoaderError extends Error {}

const notes = [];
function note(where, what) {
    notes.push(`not honoured by Grumble: ${where}: ${what}`);
}

// Anything the project prints must not end up in the JSON on stdout.
for (const method of ['log', 'info', 'debug', 'dir', 'table']) {
    console[method] = (...args) => console.error(...args);
}

// ---- Finding the entry point and the project's Sequelize ----

function entryFile(target) {
    const resolved = path.resolve(target);
    if (!fs.existsSync(resolved))
        throw new LoaderError(`${target}: no such file or folder`);
    if (fs.statSync(resolved).isDirectory()) {
        for (const name of ['index.js', 'index.cjs', 'index.mjs']) {
            if (fs.existsSync(path.join(resolved, name)))
                return path.join(resolved, name);
        }
        throw new LoaderError(`${target}: a models folder needs an index.js (the sequelize-cli layout)`);
    }
    if (!/\.(c|m)?js$/.test(resolved))
        throw new LoaderError(`${target}: expected a .js, .cjs or .mjs file or a models folder`);
    return resolved;
}

function projectSequelize(entry) {
    const requireFromProject = Module.createRequire(entry);
    try {
        return requireFromProject('sequelize');
    } catch (error) {
        if (error.code === 'MODULE_NOT_FOUND')
            throw new LoaderError(`Sequelize is not installed for ${entry} (run npm install in the project)`);
        throw error;
    }
}

// ---- Watching the project's declarations (what it wrote, in which order) ----

let declarationOrder = 0;

// Wraps Model.init and the four association methods of the project's Sequelize, so the output
// says what the project declared (not what Sequelize derived) and in its order; and refuses queries.
function instrument(Sequelize) {
    const Model = Sequelize.Model;
    if (!Model || Model.__grumbleInstrumented)
        return;
    Model.__grumbleInstrumented = true;
    const init = Model.init;
    Model.init = function (attributes, options) {
        const declared = Object.keys(attributes || {});
        const result = init.call(this, attributes, options);
        this.__grumbleDeclared = declared;
        return result;
    };
    for (const kind of ['belongsTo', 'hasOne', 'hasMany', 'belongsToMany']) {
        const original = Model[kind];
        Model[kind] = function (target, options = {}) {
            const declared = Object.assign({}, options);
            const throughName = typeof declared.through === 'string' ? declared.through
                : declared.through && typeof declared.through.model === 'string' ? declared.through.model : null;
            const throughExisted = throughName !== null && this.sequelize.isDefined(throughName);
            const association = original.call(this, target, options);
            association.__grumble = { order: declarationOrder++, declared, implicitThrough: throughName !== null && !throughExisted };
            return association;
        };
    }
    for (const method of ['query', 'authenticate', 'sync', 'drop', 'transaction']) {
        if (!Sequelize.prototype[method])
            continue;
        Sequelize.prototype[method] = function () {
            const message = `the project called sequelize.${method}() while loading; refused (nothing was sent to the database)`;
            process.stderr.write(`grumble import-sequelize: ${message}\n`);
            const refused = Promise.reject(new Error(message));
            refused.catch(() => {});
            return refused;
        };
    }
}

// ---- Loading the project and finding its Sequelize instance ----

function isSequelize(value) {
    return value !== null && typeof value === 'object' && typeof value.define === 'function'
        && typeof value.getDialect === 'function' && value.models !== null && typeof value.models === 'object';
}

function findInstance(exported, depth = 0) {
    if (isSequelize(exported))
        return exported;
    if (exported === null || (typeof exported !== 'object' && typeof exported !== 'function') || depth > 2)
        return null;
    if (isSequelize(exported.sequelize))
        return exported.sequelize;
    if (exported.default !== undefined && exported.default !== exported) {
        const found = findInstance(exported.default, depth + 1);
        if (found)
            return found;
    }
    for (const key of Object.keys(exported)) {
        if (isSequelize(exported[key]))
            return exported[key];
    }
    return null;
}

async function loadProject(entry) {
    if (entry.endsWith('.mjs'))
        return import(pathToFileURL(entry).href);
    return require(entry);
}

function checkVersion(sequelize, Sequelize) {
    const version = String((sequelize.constructor && sequelize.constructor.version) || Sequelize.version || '');
    const major = parseInt(version, 10);
    if (!SUPPORTED_MAJORS.includes(major))
        throw new LoaderError(`Sequelize ${version || '(unknown version)'} is not supported by this loader `
            + `(it knows Sequelize ${SUPPORTED_MAJORS.join(', ')}.x)`);
    return version;
}

// ---- Types and attributes ----

const SIMPLE_TYPES = {
    TEXT: 'TEXT', CITEXT: 'TEXT', TSVECTOR: 'TEXT', INTEGER: 'INTEGER', SMALLINT: 'INTEGER', MEDIUMINT: 'INTEGER',
    TINYINT: 'INTEGER', BIGINT: 'BIGINT', FLOAT: 'FLOAT', REAL: 'FLOAT', DOUBLE: 'DOUBLE', 'DOUBLE PRECISION': 'DOUBLE',
    BOOLEAN: 'BOOLEAN', DATE: 'DATE', DATEONLY: 'DATEONLY', JSON: 'JSON', JSONB: 'JSON',
};
const EXACT_TYPES = ['TEXT', 'INTEGER', 'BIGINT', 'FLOAT', 'REAL', 'DOUBLE', 'DOUBLE PRECISION', 'BOOLEAN', 'DATE', 'DATEONLY', 'JSON'];

function typeLength(type) {
    const length = type._length !== undefined ? type._length : type.options && type.options.length;
    return Number.isInteger(length) && length > 0 ? length : 255;
}

// Grumble's type name for a Sequelize data type; anything else is noted and mapped to the closest.
function mapType(type, where) {
    const key = type && (type.key || (type.constructor && type.constructor.key));
    if (key === 'STRING' || key === 'CHAR') {
        if (key === 'CHAR' || (type.options && type.options.binary))
            note(where, `type ${type.toString ? type.toString() : key} imported as STRING`);
        const length = typeLength(type);
        return length === 255 ? 'STRING' : `STRING(${length})`;
    }
    if (SIMPLE_TYPES[key]) {
        if (!EXACT_TYPES.includes(key))
            note(where, `type ${key} imported as ${SIMPLE_TYPES[key]}`);
        return SIMPLE_TYPES[key];
    }
    if (key === 'ENUM') {
        note(where, `ENUM values ${JSON.stringify(type.values || [])} (imported as STRING, values not checked)`);
        return 'STRING';
    }
    if (key === 'DECIMAL' || key === 'NUMBER') {
        note(where, `type ${key} imported as DOUBLE (no fixed precision)`);
        return 'DOUBLE';
    }
    if (key === 'UUID' || key === 'UUIDV1' || key === 'UUIDV4') {
        note(where, `type ${key} imported as STRING(36)`);
        return 'STRING(36)';
    }
    note(where, `type ${key || typeof type} imported as TEXT`);
    return 'TEXT';
}

function literalDefault(value, where) {
    if (value === undefined || value === null)
        return undefined;
    if (['string', 'number', 'boolean'].includes(typeof value))
        return value;
    if (value instanceof Date)
        return value.toISOString();
    if (typeof value === 'object' && value.constructor && (value.constructor.name === 'Object' || Array.isArray(value)))
        return value;
    const name = value.key || (value.constructor && value.constructor.key) || (value.fn ? `fn ${value.fn}` : typeof value);
    note(where, `defaultValue ${name} (not a literal; no default imported)`);
    return undefined;
}

function attributeNotes(attribute, where, isAssociationKey) {
    if (attribute.validate && Object.keys(attribute.validate).length)
        note(where, `validators ${Object.keys(attribute.validate).join(', ')}`);
    if (typeof attribute.get === 'function')
        note(where, 'getter');
    if (typeof attribute.set === 'function')
        note(where, 'setter');
    if (typeof attribute.unique === 'string' || (attribute.unique && typeof attribute.unique === 'object'))
        note(where, `composite or named unique constraint ${JSON.stringify(attribute.unique)}`);
    if (attribute.references && !isAssociationKey)
        note(where, `foreign key declared on the attribute (references ${JSON.stringify(
            typeof attribute.references.model === 'string' ? attribute.references.model
                : attribute.references.model && attribute.references.model.tableName)}) without an association`);
}

function attributeJson(name, attribute, where, isAssociationKey) {
    // A type given as a string (`type: 'inet'`) is passed to the database verbatim by Sequelize:
    // Grumble's RAW type carries it the same way.
    const json = typeof attribute.type === 'string' ? { name, type: 'RAW', sqlType: attribute.type }
        : { name, type: mapType(attribute.type, where) };
    if (attribute.allowNull === false && !attribute.primaryKey)
        json.allowNull = false;
    const defaultValue = literalDefault(attribute.defaultValue, where);
    if (defaultValue !== undefined)
        json.defaultValue = defaultValue;
    if (attribute.unique === true)
        json.unique = true;
    if (attribute.primaryKey)
        json.primaryKey = true;
    if (attribute.autoIncrement)
        json.autoIncrement = true;
    if (attribute.field && attribute.field !== name)
        json.field = attribute.field;
    if (typeof attribute.comment === 'string')
        json.comment = attribute.comment;
    attributeNotes(attribute, where, isAssociationKey);
    return json;
}

// ---- Models ----

// Attribute names that an association added (its foreign keys), per model name.
function associationKeys(models) {
    const keys = new Map();
    const add = (model, key) => {
        if (!keys.has(model.name))
            keys.set(model.name, new Set());
        keys.get(model.name).add(key);
    };
    for (const association of allAssociations(models)) {
        if (association.associationType === 'BelongsTo')
            add(association.source, association.foreignKey);
        else if (association.associationType === 'BelongsToMany') {
            add(association.through.model, association.foreignKey);
            add(association.through.model, association.otherKey);
        } else
            add(association.target, association.foreignKey);
    }
    return keys;
}

// The attributes to write: those the project declared (all but Sequelize's implicit id, timestamps and
// association keys when the declarations were not seen), in rawAttributes order.
function declaredAttributes(model, generatedKeys) {
    const raw = model.rawAttributes || model.getAttributes();
    const names = Object.keys(raw);
    if (Array.isArray(model.__grumbleDeclared)) {
        const declared = new Set(model.__grumbleDeclared);
        return names.filter(name => declared.has(name) && !raw[name]._autoGenerated);
    }
    return names.filter(name => !raw[name]._autoGenerated && !generatedKeys.has(name));
}

function modelNotes(model) {
    const options = model.options || {};
    const where = `model ${model.name}`;
    if (options.paranoid)
        note(where, `paranoid (soft delete): ${model._timestampAttributes && model._timestampAttributes.deletedAt || 'deletedAt'} is a plain column, destroy deletes rows`);
    if (options.schema)
        note(where, `schema ${options.schema}`);
    for (const option of ['createdAt', 'updatedAt']) {
        if (options[option] !== undefined && options[option] !== true && options.timestamps !== false)
            note(where, `${option}: ${JSON.stringify(options[option])} (Grumble names timestamps createdAt/updatedAt)`);
    }
    if (options.version)
        note(where, 'version (optimistic locking)');
    if (Array.isArray(options.indexes) && options.indexes.length)
        note(where, `indexes ${options.indexes.map(index => index.name || JSON.stringify(index.fields)).join(', ')}`);
    if (options.validate && Object.keys(options.validate).length)
        note(where, `model validators ${Object.keys(options.validate).join(', ')}`);
    if (options.scopes && Object.keys(options.scopes).length)
        note(where, `scopes ${Object.keys(options.scopes).join(', ')}`);
    if (options.defaultScope && Object.keys(options.defaultScope).length)
        note(where, 'defaultScope');
    const hooks = Object.keys(options.hooks || {}).filter(hook => (options.hooks[hook] || []).length);
    if (hooks.length)
        note(where, `hooks ${hooks.join(', ')}`);
    for (const [name, attribute] of Object.entries(model.rawAttributes || {})) {
        if (attribute.type && attribute.type.key === 'VIRTUAL')
            note(`${where}.${name}`, 'VIRTUAL attribute (not imported)');
    }
}

function modelJson(model, generatedKeys) {
    const raw = model.rawAttributes || model.getAttributes();
    const attributes = declaredAttributes(model, generatedKeys)
        .filter(name => !(raw[name].type && raw[name].type.key === 'VIRTUAL'))
        .map(name => attributeJson(name, raw[name], `model ${model.name}.${name}`, generatedKeys.has(name)));
    const options = model.options || {};
    const json = {
        name: model.name,
        attributes,
        options: {
            timestamps: options.timestamps !== false,
            freezeTableName: Boolean(options.freezeTableName),
            underscored: Boolean(options.underscored),
            tableName: typeof model.tableName === 'string' ? model.tableName : model.getTableName().tableName,
        },
    };
    if (options.name && options.name.singular && options.name.plural)
        json.options.name = { singular: options.name.singular, plural: options.name.plural };
    // Model.removeAttribute('id') without another primary key: a table without one.
    if (!Object.values(raw).some(attribute => attribute.primaryKey))
        json.options.noPrimaryKey = true;
    modelNotes(model);
    return json;
}

// A through model that Sequelize generated from `through: 'name'` (Grumble generates the same).
function isImplicitThrough(model, associations) {
    const generated = associations.some(association => association.associationType === 'BelongsToMany'
        && association.through.model === model
        && (association.__grumble ? association.__grumble.implicitThrough
            : typeof association.options.through === 'string' || (association.options.through && typeof association.options.through.model === 'string')));
    if (!generated)
        return false;
    const raw = model.rawAttributes;
    const keys = new Set(associations.filter(a => a.associationType === 'BelongsToMany' && a.through.model === model)
        .flatMap(a => [a.foreignKey, a.otherKey]));
    const plain = Object.keys(raw).every(name => raw[name]._autoGenerated || keys.has(name));
    return plain && model.options.timestamps !== false && model.tableName === model.name;
}

// ---- Associations ----

function allAssociations(models) {
    const list = [];
    for (const model of models)
        list.push(...Object.values(model.associations || {}));
    list.sort((a, b) => (a.__grumble ? a.__grumble.order : 1e9) - (b.__grumble ? b.__grumble.order : 1e9));
    return list;
}

// The model holding the association's foreign key, whose attribute has the actions in the DDL.
function keyHolder(association) {
    if (association.associationType === 'BelongsTo')
        return association.source;
    if (association.associationType === 'BelongsToMany')
        return association.through.model;
    return association.target;
}

function associationNotes(association, where) {
    const declared = association.__grumble ? association.__grumble.declared : association.options;
    if (association.scope)
        note(where, `scope ${JSON.stringify(association.scope)}`);
    if (declared.hooks)
        note(where, 'hooks: true (Grumble runs no hooks)');
    if (association.associationType === 'BelongsToMany') {
        const through = association.options.through || {};
        if (through.scope)
            note(where, `through.scope ${JSON.stringify(through.scope)}`);
        if (through.unique === false)
            note(where, 'through.unique: false');
        if (through.paranoid)
            note(where, 'through.paranoid');
        if (declared.uniqueKey)
            note(where, `uniqueKey ${declared.uniqueKey}`);
        const throughModel = association.through.model;
        const ownKey = Object.keys(throughModel.rawAttributes).some(name => throughModel.rawAttributes[name].primaryKey
            && name !== association.foreignKey && name !== association.otherKey);
        if (ownKey)
            note(where, `through model ${throughModel.name} has its own primary key; Grumble keys the join rows by `
                + `(${association.foreignKey}, ${association.otherKey}) too`);
    }
    if (declared.foreignKeyConstraint !== undefined)
        note(where, 'foreignKeyConstraint');
    const keyAttribute = keyHolder(association).rawAttributes[association.foreignKey] || {};
    for (const action of ['onDelete', 'onUpdate']) {
        if (declared[action] && keyAttribute[action]
            && String(declared[action]).toUpperCase() !== String(keyAttribute[action]).toUpperCase())
            note(where, `${action}: ${declared[action]} is overridden by ${keyAttribute[action]} from an association declared `
                + `earlier on the same key (as in Sequelize's tables)`);
    }
}

function associationJson(association) {
    const type = association.associationType.charAt(0).toLowerCase() + association.associationType.slice(1);
    const where = `${association.source.name}.${type}(${association.target.name}${association.isAliased ? `, as ${association.as}` : ''})`;
    const json = { source: association.source.name, type, target: association.target.name };
    const toMany = type === 'hasMany' || type === 'belongsToMany';
    if (association.isAliased)
        json.as = toMany ? { singular: association.options.name.singular, plural: association.options.name.plural } : association.as;
    const holder = keyHolder(association);
    const keyAttribute = holder.rawAttributes[association.foreignKey] || {};
    json.foreignKey = keyAttribute.allowNull === false && type !== 'belongsToMany'
        ? { name: association.foreignKey, allowNull: false } : association.foreignKey;
    if (type !== 'belongsTo' && association.sourceKey && association.sourceKey !== association.source.primaryKeyAttribute)
        json.sourceKey = association.sourceKey;
    if ((type === 'belongsTo' || type === 'belongsToMany') && association.targetKey
        && association.targetKey !== association.target.primaryKeyAttribute)
        json.targetKey = association.targetKey;
    if (type === 'belongsToMany') {
        json.through = association.through.model.name;
        json.otherKey = association.otherKey;
    }
    if (association.options.constraints === false)
        json.constraints = false;
    else {
        if (keyAttribute.onDelete)
            json.onDelete = String(keyAttribute.onDelete).toUpperCase();
        if (keyAttribute.onUpdate)
            json.onUpdate = String(keyAttribute.onUpdate).toUpperCase();
    }
    associationNotes(association, where);
    return json;
}

// ---- The schema ----

function schemaJson(sequelize, entry, version) {
    const models = Object.values(sequelize.models);
    const associations = allAssociations(models);
    const generatedKeys = associationKeys(models);
    const modelsJson = models.filter(model => !isImplicitThrough(model, associations))
        .map(model => modelJson(model, generatedKeys.get(model.name) || new Set()));
    return {
        name: path.basename(path.dirname(entry)) === 'models' ? path.basename(path.dirname(path.dirname(entry))) : path.basename(entry).replace(/\.(c|m)?js$/, ''),
        description: `Imported from ${entry} with Sequelize ${version} (dialect ${sequelize.getDialect()}) by grumble import-sequelize`,
        models: modelsJson,
        associations: associations.map(associationJson),
    };
}

function stackHead(error) {
    const lines = String(error && error.stack || error).split('\n');
    return lines.slice(0, 6).join('\n');
}

async function main() {
    const target = process.argv[2];
    if (!target) {
        process.stderr.write('usage: node loader.js PATH (a models/ folder with index.js, or a .js/.cjs/.mjs file)\n');
        return 2;
    }
    const entry = entryFile(target);
    process.chdir(path.dirname(entry));
    const Sequelize = projectSequelize(entry);
    instrument(Sequelize);
    let exported;
    try {
        exported = await loadProject(entry);
    } catch (error) {
        throw new LoaderError(`the project's code failed while loading ${entry}:\n${stackHead(error)}`);
    }
    const sequelize = findInstance(exported);
    if (!sequelize)
        throw new LoaderError(`${entry} exports no Sequelize instance (expected the instance, an object with `
            + '.sequelize as models/index.js has, or a default export of either)');
    const version = checkVersion(sequelize, Sequelize);
    if (Object.keys(sequelize.models).length === 0)
        throw new LoaderError(`${entry}: the Sequelize instance has no models`);
    const json = JSON.stringify(schemaJson(sequelize, entry, version), null, 2) + '\n';
    for (const line of notes)
        process.stderr.write(line + '\n');
    await new Promise(resolve => process.stdout.write(json, resolve));
    return 0;
}

process.on('unhandledRejection', error => {
    process.stderr.write(`grumble import-sequelize: warning: ${error && error.message || error}\n`);
});

main().then(code => process.exit(code), error => {
    process.stderr.write((error instanceof LoaderError ? error.message : stackHead(error)) + '\n');
    process.exit(1);
});
