#pragma once

#include <QString>

namespace grumble::ui {

//! The desktop app: parses --db, --schema, --screenshot, --view, --help and runs the main window.
int runApp(int argc, char **argv);

//! The default database: a SQLite file in the user's data directory.
QString defaultDatabasePath();

} // namespace grumble::ui
