// `grumble schema`: the schema Grumble uses for a database (read from its tables), or a schema
// file normalized, as schema JSON on stdout; the inference notes on stderr.

#include "eval.h"

#include "engine.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

namespace grumble::cli {

namespace {

const char kSchemaHelp[] =
        "Usage: grumble schema --db URL\n"
        "       grumble schema --schema FILE\n"
        "\n"
        "Prints the schema Grumble uses as schema JSON (the format of --schema files, indented, keys in\n"
        "a stable order), loadable again with --schema.\n"
        "\n"
        "Options:\n"
        "  --db URL        read the schema from the database's own tables: a model per table (the\n"
        "                  singular of its name), every column in table order, keys, defaults, and the\n"
        "                  associations Sequelize would name for its foreign keys and join tables.\n"
        "                  Nothing is written to the database. An empty database prints the demo schema.\n"
        "  --schema FILE   print that schema file normalized (with --db too: the file wins)\n"
        "  -h, --help      show this help\n"
        "\n"
        "What was inferred and how ambiguous cases were named goes to stderr, one 'note: ' line each\n"
        "(\"note: posts.authorId → users: post.belongsTo(user, {as: 'author', ...})\").\n"
        "\n"
        "Exit status: 0 printed, 2 usage error (unknown option, unreadable schema, unreachable database).\n";

void printLine(FILE *stream, const QString &line)
{
    const QByteArray bytes = line.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fputc('\n', stream);
}

int schemaUsage(const QString &message)
{
    printLine(stderr, QStringLiteral("grumble schema: ") + message);
    printLine(stderr, QStringLiteral("Try 'grumble schema --help'."));
    return 2;
}

//! The schema of the file, or of the database (with its notes).
Result<Schema> loadSchema(const QString &url, const QString &schemaFile, QStringList *notes)
{
    if (!schemaFile.isEmpty())
        return Schema::fromFile(schemaFile);
    auto opened = Engine::openIntrospected(url);
    if (!opened)
        return opened.error();
    *notes = opened->notes;
    return opened->engine->schema();
}

} // namespace

int runSchema(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString url;
    QString schemaFile;
    const QStringList args = app.arguments().mid(2);
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            std::fputs(kSchemaHelp, stdout);
            return 0;
        } else if (a == QLatin1String("--db") || a == QLatin1String("--schema")) {
            if (i + 1 >= args.size())
                return schemaUsage(QStringLiteral("%1 needs a value").arg(a));
            (a == QLatin1String("--db") ? url : schemaFile) = args.at(++i);
        } else if (a.startsWith(QLatin1String("--db="))) {
            url = a.mid(5);
        } else if (a.startsWith(QLatin1String("--schema="))) {
            schemaFile = a.mid(9);
        } else {
            return schemaUsage(QStringLiteral("unknown argument '%1'").arg(a));
        }
    }
    if (url.isEmpty() && schemaFile.isEmpty())
        return schemaUsage(QStringLiteral("give --db URL or --schema FILE"));
    QStringList notes;
    auto schema = loadSchema(url, schemaFile, &notes);
    if (!schema)
        return schemaUsage(schema.error().message);
    for (const QString &note : std::as_const(notes))
        printLine(stderr, QStringLiteral("note: ") + note);
    const QByteArray json = QJsonDocument(schema->toJson()).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fflush(stdout);
    return 0;
}

} // namespace grumble::cli
