#pragma once

namespace grumble::cli {

//! `grumble eval [--db URL] [--schema FILE] [--force] [--log] [EXPR ...]`; returns the exit status.
int runEval(int argc, char **argv);
//! `grumble check --db URL --schema FILE [--json]` (checkcommand.cpp): 0 no differences, 1 some, 2 usage.
int runCheck(int argc, char **argv);
//! `grumble schema --db URL | --schema FILE`: the schema as JSON (schemacommand.cpp).
int runSchema(int argc, char **argv);
//! `grumble import-sequelize PATH [--out FILE]` (importcommand.cpp); returns the exit status.
int runImportSequelize(int argc, char **argv);
//! `grumble export-sequelize (--schema FILE | --db URL) --out DIR [--force]` (exportcommand.cpp): the
//! schema as Sequelize models and a migration; 0 written, 1 not written, 2 usage.
int runExportSequelize(int argc, char **argv);
int printVersion();
int noGui();

} // namespace grumble::cli
