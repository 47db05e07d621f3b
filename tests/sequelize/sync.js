'use strict';
// Syncs the fixture models (./models) with the real Sequelize and prints the expectation ("oracle")
// that tests/tst_sequelizedb.cpp compares Grumble's introspected schema with. See README.md.
//
//   node sync.js --dialect sqlite --storage FILE [--seed] [--out FILE]
//   node sync.js --dialect postgres --host H --port P --user U [--password W] --database D
//                [--schema NAME] [--seed] [--out FILE]
//
// PostgreSQL arguments default to PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
// Exit 0 with the JSON on stdout (or in --out); exit 1 with a message on stderr.
const fs = require('fs');
const path = require('path');
const { Sequelize } = require('sequelize');
const Utils = require('sequelize/lib/utils');

const loadModels = require('./models');
const { seed } = require('./seed');

function parseArgs(argv) {
  const args = { seed: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--seed') {
      args.seed = true;
    } else if (arg.startsWith('--') && i + 1 < argv.length) {
      args[arg.slice(2)] = argv[++i];
    } else {
      throw new Error(`unknown argument '${arg}'`);
    }
  }
  if (args.dialect !== 'sqlite' && args.dialect !== 'postgres') {
    throw new Error('--dialect sqlite or --dialect postgres is required');
  }
  if (args.dialect === 'sqlite' && !args.storage) throw new Error('--storage FILE is required for sqlite');
  return args;
}

function connect(args) {
  const options = { dialect: args.dialect, logging: false };
  if (args.dialect === 'sqlite') return new Sequelize({ ...options, storage: args.storage });
  const env = process.env;
  return new Sequelize({
    ...options,
    host: args.host || env.PGHOST || '127.0.0.1',
    port: Number(args.port || env.PGPORT || 5432),
    username: args.user || env.PGUSER || 'postgres',
    password: args.password || env.PGPASSWORD || null,
    database: args.database || env.PGDATABASE || 'postgres',
    define: args.schema ? { schema: args.schema } : {},
  });
}

const field = (model, attribute) => (model.rawAttributes[attribute] || {}).field || attribute;

// The DataTypes key ("STRING", "INTEGER", ...) and, for STRING, the length.
function typeOf(attribute) {
  const type = attribute.type;
  const length = type.key === 'STRING' ? type._length || (type.options && type.options.length) || 255 : null;
  return { type: type.key, length };
}

function describeModel(model) {
  const attributes = Object.values(model.rawAttributes).map((a) => ({
    name: a.fieldName,
    field: a.field,
    ...typeOf(a),
    allowNull: a.allowNull !== false && !a.primaryKey,
    unique: !!a.unique,
    primaryKey: !!a.primaryKey,
  }));
  return {
    name: model.name,
    tableName: model.getTableName().tableName || model.getTableName(),
    timestamps: !!model.options.timestamps,
    underscored: !!model.options.underscored,
    primaryKey: Object.values(model.primaryKeys).map((a) => a.field),
    attributes,
  };
}

const tableOf = (model) => describeModel(model).tableName;
const upperFirst = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const sameName = (a, b) => upperFirst(a) === upperFirst(b);
// "authorId" → "author", "manager_id" → "manager", "UserId" → "User"; null without an id suffix.
function stemOf(column) {
  const match = /^(.+?)_?[iI]d$/.exec(column);
  return match ? Utils.camelize(match[1]) : null;
}
// The key column a table gets by default for `table`'s key `key`, camelCase and snake_case.
function defaultKeyColumns(table, key) {
  const stem = Utils.singularize(table);
  return [Utils.camelize(`${stem}_${key}`), Utils.underscore(`${stem}_${key}`)];
}

// Whether the accessor names of an association follow from the database alone, and why (README.md).
function namingRule(a, fk) {
  const targetTable = tableOf(a.target);
  const singularOk = sameName(Utils.singularize(targetTable), a.target.options.name.singular);
  const pluralOk = sameName(Utils.pluralize(Utils.singularize(targetTable)), a.target.options.name.plural);
  switch (a.associationType) {
    case 'BelongsTo':
      if (stemOf(fk) !== null && sameName(stemOf(fk), a.as)) return [true, `alias '${a.as}' is the key column ${fk} without its id`];
      return [false, `alias '${a.as}' does not follow from the key column ${fk}`];
    case 'HasOne':
      if (!(a.target.rawAttributes[a.foreignKey] || {}).unique) return [false, `key ${fk} is not unique: a hasMany in the database`];
    // falls through
    case 'HasMany': {
      const defaultKey = defaultKeyColumns(tableOf(a.source), a.sourceKeyField || a.sourceKey).includes(fk);
      const nameOk = a.associationType === 'HasOne' ? singularOk : pluralOk;
      if (!a.isAliased && defaultKey && nameOk) return [true, `default alias of ${targetTable} and default key column ${fk}`];
      return [false, a.isAliased ? `alias '${a.as}' is chosen in code` : `key ${fk} or table ${targetTable} is not the default for the model names`];
    }
    case 'BelongsToMany': {
      const otherField = field(a.through.model, a.otherKey);
      const defaultOther = defaultKeyColumns(targetTable, a.targetKeyField || a.targetKey).includes(otherField);
      if (!a.isAliased && defaultOther && pluralOk) return [true, `default alias of ${targetTable} and default other key ${otherField}`];
      const stem = stemOf(otherField);
      if (stem !== null && sameName(Utils.pluralize(stem), a.as)) return [true, `alias '${a.as}' is the plural of the other key ${otherField} without its id`];
      return [false, `alias '${a.as}' does not follow from the other key ${otherField}`];
    }
    default:
      return [false, 'unknown association type'];
  }
}

function describeAssociation(a) {
  const type = a.associationType;
  const keyModel = type === 'BelongsTo' ? a.source : type === 'BelongsToMany' ? a.through.model : a.target;
  const fk = field(keyModel, a.foreignKey);
  const [namesFromDatabase, namingReason] = namingRule(a, fk);
  const description = {
    associationType: type.charAt(0).toLowerCase() + type.slice(1),
    source: a.source.name,
    sourceTable: tableOf(a.source),
    target: a.target.name,
    targetTable: tableOf(a.target),
    as: a.as,
    isAliased: !!a.isAliased,
    foreignKey: a.foreignKey,
    foreignKeyField: fk,
    foreignKeyUnique: !!(keyModel.rawAttributes[a.foreignKey] || {}).unique,
    sourceKey: a.sourceKey || null,
    sourceKeyField: a.sourceKey ? field(a.source, a.sourceKey) : null,
    targetKey: a.targetKey || null,
    targetKeyField: a.targetKey ? field(a.target, a.targetKey) : null,
    otherKey: a.otherKey || null,
    otherKeyField: a.otherKey ? field(a.through.model, a.otherKey) : null,
    through: type === 'BelongsToMany' ? a.through.model.name : null,
    throughTable: type === 'BelongsToMany' ? tableOf(a.through.model) : null,
    accessors: a.accessors,
    namesFromDatabase,
    namingReason,
  };
  return description;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const sequelize = connect(args);
  try {
    const db = loadModels(sequelize);
    if (args.schema) await sequelize.createSchema(args.schema);
    await sequelize.sync({ force: true });
    const models = Object.values(sequelize.models).sort((a, b) => a.name.localeCompare(b.name));
    const expectation = {
      sequelizeVersion: require('sequelize/package.json').version,
      dialect: args.dialect,
      schema: args.schema || null,
      models: models.map(describeModel),
      associations: models.flatMap((m) => Object.values(m.associations).map(describeAssociation)),
      queries: args.seed ? await seed(db) : [],
    };
    const json = JSON.stringify(expectation, null, 2) + '\n';
    if (args.out) fs.writeFileSync(path.resolve(args.out), json);
    else process.stdout.write(json);
  } finally {
    await sequelize.close();
  }
}

main().catch((error) => {
  process.stderr.write(`sync.js: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
