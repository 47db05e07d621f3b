// What the real Sequelize 6 answers for names, for tests/tst_inflection.cpp.
//
//   node inflection.js words < words.txt   one JSON line per input line:
//       [pluralize, singularize, underscore, camelize (null where Sequelize throws), upperFirst]
//   node inflection.js models < cases.json one JSON line per case of the input array: the table and
//       model names of Sequelize's define() and the alias, keys and accessors of one association
//
// Sequelize comes from NODE_PATH (GRUMBLE_SEQUELIZE_DIR/node_modules, see tests/support/testdb.h).
'use strict';
const fs = require('fs');
const Utils = require('sequelize/lib/utils');
const _ = require('lodash');
const { Sequelize } = require('sequelize');

function words(input) {
    const out = [];
    for (const word of input.split('\n')) {
        let camel = null;
        try {
            camel = Utils.camelize(word);
        } catch (e) {
            camel = null;
        }
        out.push(JSON.stringify([Utils.pluralize(word), Utils.singularize(word), Utils.underscore(word), camel,
            _.upperFirst(word)]));
    }
    return out;
}

function sortedAccessors(accessors) {
    const out = {};
    for (const role of Object.keys(accessors).sort())
        out[role] = accessors[role];
    return out;
}

function modelCase(c) {
    const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
    const options = { underscored: !!c.underscored, freezeTableName: !!c.freezeTableName, timestamps: false };
    const source = sequelize.define(c.source, {}, options);
    const target = c.target === c.source ? source : sequelize.define(c.target, {}, options);
    const associationOptions = {};
    if (c.as)
        associationOptions.as = c.as;
    if (c.kind === 'belongsToMany')
        associationOptions.through = c.through;
    const association = source[c.kind](target, associationOptions);
    return {
        sourceTable: source.tableName, sourceSingular: source.options.name.singular,
        sourcePlural: source.options.name.plural, targetTable: target.tableName,
        as: association.as, foreignKey: association.foreignKey, otherKey: association.otherKey || '',
        accessors: sortedAccessors(association.accessors),
    };
}

const input = fs.readFileSync(0, 'utf8');
if (process.argv[2] === 'words') {
    process.stdout.write(words(input.endsWith('\n') ? input.slice(0, -1) : input).join('\n') + '\n');
} else if (process.argv[2] === 'models') {
    const lines = JSON.parse(input).map((c) => {
        try {
            return JSON.stringify(modelCase(c));
        } catch (e) {
            return JSON.stringify({ error: e.message });
        }
    });
    process.stdout.write(lines.join('\n') + '\n');
} else {
    process.stderr.write('usage: node inflection.js words|models < input\n');
    process.exit(2);
}
