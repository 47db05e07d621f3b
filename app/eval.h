#pragma once

namespace grumble::cli {

//! `grumble eval [--db URL] [--schema FILE] [--force] [--log] [EXPR ...]`; returns the exit status.
int runEval(int argc, char **argv);
//! `grumble import-sequelize PATH [--out FILE]` (importcommand.cpp); returns the exit status.
int runImportSequelize(int argc, char **argv);
int printMainHelp();
int printVersion();
int noGui();

} // namespace grumble::cli
