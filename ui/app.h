#pragma once

#include <QString>

namespace grumble::ui {

//! The desktop app: parses --db, --schema, --screenshot, --view, --help and runs the main window.
int runApp(int argc, char **argv);

//! The default database: a SQLite file in the user's data directory.
QString defaultDatabasePath();

//! The database the app opens without --db: the one open when it last closed (QSettings), else
//! defaultDatabasePath(); a SQLite file deleted since is not made again.
QString startupDatabaseUrl();
//! Remembers `url` as the database to reopen on the next start.
void rememberLastDatabase(const QString &url);

} // namespace grumble::ui
