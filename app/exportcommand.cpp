// `grumble export-sequelize --schema FILE | --db URL --out DIR [--force]`: a schema as a small
// Sequelize project (models/*.js, models/index.js, config/config.json, a migration), written by
// exportSequelizeProject(). Existing files are left alone unless --force: then nothing is written.

#include "eval.h"

#include "engine.h"

#include "databaseurl.h"
#include "sequelizeexport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>
#include <optional>

namespace grumble::cli {

namespace {

const char kExportHelp[] =
        "Usage: grumble export-sequelize (--schema FILE | --db URL) --out DIR [--force]\n"
        "\n"
        "Writes a schema as a small Sequelize project in the sequelize-cli layout:\n"
        "  models/<model>.js     class X extends Model, X.init with DataTypes and options, a "
        "static\n"
        "                        associate() declaring its associations with every non-default "
        "option\n"
        "  models/index.js       as sequelize-cli writes it (reads config/config.json, loads every "
        "model,\n"
        "                        calls associate)\n"
        "  config/config.json    a SQLite development entry\n"
        "  migrations/<YYYYMMDDHHMMSS>-create-<tables>.js\n"
        "                        queryInterface.createTable per table in dependency order "
        "(references,\n"
        "                        ON DELETE / ON UPDATE, the join tables' composite keys), addIndex "
        "for\n"
        "                        the foreign-key indexes Grumble adds, down() dropping in reverse "
        "order\n"
        "\n"
        "Options:\n"
        "  --schema FILE   the schema JSON to export (the format of grumble schema's output)\n"
        "  --db URL        export the schema read from a database instead (only read, nothing "
        "written)\n"
        "  --out DIR       the project folder (created when missing)\n"
        "  --force         overwrite files that exist; without it an existing file stops the "
        "export\n"
        "                  before anything is written\n"
        "  -h, --help      show this help\n"
        "\n"
        "Exit status: 0 written, 1 not written (a file exists, the database cannot be read, a "
        "file\n"
        "cannot be written), 2 usage error (unknown option, missing --out, unreadable schema).\n";

struct ExportOptions
{
    QString schemaFile;
    QString url;
    QString out;
    bool force = false;
};

void printError(const QString &line)
{
    const QByteArray bytes = QStringLiteral("grumble export-sequelize: %1\n").arg(line).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

int usage(const QString &message)
{
    printError(message);
    std::fputs("Try 'grumble export-sequelize --help'.\n", stderr);
    return 2;
}

// The options, or the exit status when there is nothing to export (help, usage error).
std::optional<int> parseArguments(const QStringList &args, ExportOptions *parsed)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            std::fputs(kExportHelp, stdout);
            return 0;
        }
        if (arg == QLatin1String("--force")) {
            parsed->force = true;
        } else if (arg == QLatin1String("--schema") || arg == QLatin1String("--db")
                   || arg == QLatin1String("--out")) {
            if (i + 1 >= args.size())
                return usage(QStringLiteral("%1 needs a value").arg(arg));
            QString &value = arg == QLatin1String("--schema") ? parsed->schemaFile
                    : arg == QLatin1String("--db")            ? parsed->url
                                                              : parsed->out;
            value = args.at(++i);
        } else {
            return usage(arg.startsWith(QLatin1Char('-'))
                                 ? QStringLiteral("unknown option '%1'").arg(arg)
                                 : QStringLiteral("unexpected argument '%1'").arg(arg));
        }
    }
    if (parsed->schemaFile.isEmpty() == parsed->url.isEmpty())
        return usage(QStringLiteral("give either --schema FILE or --db URL"));
    if (parsed->out.isEmpty())
        return usage(QStringLiteral("--out DIR is required"));
    return std::nullopt;
}

// The schema read from a database: its catalog, inferred (nothing is written to it).
Result<Schema> schemaOfDatabase(const QString &url)
{
    auto where = DatabaseUrl::parse(url);
    if (!where)
        return where.error();
    if (where->driver == QLatin1String("QSQLITE") && !QFileInfo::exists(where->path))
        return makeError(ErrorKind::Connection,
                         QStringLiteral("no database file %1").arg(where->path));
    auto opened = Engine::openIntrospected(url, Schema()); // reads only
    if (!opened)
        return opened.error();
    return opened->engine->schema();
}

// The files that exist already, as paths relative to `out`.
QStringList existingFiles(const QDir &out, const QVector<SequelizeFile> &files)
{
    QStringList existing;
    for (const SequelizeFile &file : files) {
        if (QFileInfo::exists(out.filePath(file.path)))
            existing << file.path;
    }
    return existing;
}

bool writeFiles(const QDir &out, const QVector<SequelizeFile> &files)
{
    for (const SequelizeFile &file : files) {
        const QString path = out.filePath(file.path);
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            printError(QStringLiteral("cannot create the folder of %1").arg(path));
            return false;
        }
        QSaveFile saved(path);
        if (!saved.open(QIODevice::WriteOnly) || saved.write(file.content) != file.content.size()
            || !saved.commit()) {
            printError(QStringLiteral("cannot write %1: %2").arg(path, saved.errorString()));
            return false;
        }
    }
    return true;
}

} // namespace

int runExportSequelize(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ExportOptions options;
    if (auto status = parseArguments(app.arguments().mid(2), &options))
        return *status;
    Result<Schema> schema = options.url.isEmpty() ? Schema::fromFile(options.schemaFile)
                                                  : schemaOfDatabase(options.url);
    if (!schema) {
        if (options.url.isEmpty())
            return usage(schema.error().message);
        printError(QStringLiteral("cannot read the schema of %1: %2")
                           .arg(options.url, schema.error().message));
        return 1;
    }
    const QVector<SequelizeFile> files =
            exportSequelizeProject(*schema, QDateTime::currentDateTimeUtc());
    const QDir out(options.out);
    const QStringList existing = existingFiles(out, files);
    if (!existing.isEmpty() && !options.force) {
        printError(QStringLiteral(
                           "%1 exists already (and %2 more of the %3 files); nothing was written. "
                           "Use --force to overwrite, or another --out folder.")
                           .arg(out.filePath(existing.first()))
                           .arg(existing.size() - 1)
                           .arg(files.size()));
        return 1;
    }
    if (!writeFiles(out, files))
        return 1;
    for (const SequelizeFile &file : files)
        std::printf("%s\n", qPrintable(out.filePath(file.path)));
    return 0;
}

} // namespace grumble::cli
