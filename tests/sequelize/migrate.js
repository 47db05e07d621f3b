'use strict';
// Runs an exported migration (grumble export-sequelize) with the real Sequelize's queryInterface,
// as sequelize-cli's db:migrate would: up, then down (every table dropped), then up again.
//
//   node migrate.js MIGRATION --dialect sqlite --storage FILE
//   node migrate.js MIGRATION --dialect postgres --host H --port P --user U [--password W] --database D
//
// Exit 0 with the tables after the last up on stdout (one a line); exit 1 with a message on stderr.
const path = require('path');
const { Sequelize } = require('sequelize');

function parseArgs(argv) {
  const args = { migration: argv[0] };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || i + 1 >= argv.length) throw new Error(`unknown argument '${arg}'`);
    args[arg.slice(2)] = argv[++i];
  }
  if (!args.migration) throw new Error('usage: node migrate.js MIGRATION --dialect sqlite|postgres ...');
  if (args.dialect !== 'sqlite' && args.dialect !== 'postgres') throw new Error('--dialect sqlite or postgres');
  if (args.dialect === 'sqlite' && !args.storage) throw new Error('--storage FILE is required for sqlite');
  return args;
}

function connect(args) {
  const options = { dialect: args.dialect, logging: false };
  if (args.dialect === 'sqlite') return new Sequelize({ ...options, storage: args.storage });
  return new Sequelize({
    ...options,
    host: args.host || '127.0.0.1',
    port: Number(args.port || 5432),
    username: args.user || 'postgres',
    password: args.password || null,
    database: args.database || 'postgres',
  });
}

const tableName = (table) => (typeof table === 'string' ? table : table.tableName);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const migration = require(path.resolve(args.migration));
  const sequelize = connect(args);
  try {
    const queryInterface = sequelize.getQueryInterface();
    await migration.up(queryInterface, Sequelize);
    await migration.down(queryInterface, Sequelize);
    const left = (await queryInterface.showAllTables()).map(tableName);
    if (left.length) throw new Error(`down() left tables behind: ${left.join(', ')}`);
    await migration.up(queryInterface, Sequelize);
    const tables = (await queryInterface.showAllTables()).map(tableName).sort();
    process.stdout.write(tables.map((table) => `${table}\n`).join(''));
  } finally {
    await sequelize.close();
  }
}

main().catch((error) => {
  process.stderr.write(`migrate.js: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
