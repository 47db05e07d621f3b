// `grumble check`: compares a declared schema with a database, one line (or a JSON object) per
// difference. Opens the database, reads its catalog, closes it: nothing is written.
#include "eval.h"

#include "catalogreader.h"
#include "connection.h"
#include "databaseurl.h"
#include "schemacheck.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace grumble::cli {

namespace {

const char kCheckHelp[] =
        "Usage: grumble check --db URL --schema FILE [--json]\n"
        "\n"
        "Compares a declared schema with what the database holds and prints one line per difference,\n"
        "ordered by table, then column:\n"
        "  pugs.ownerId: missing column (schema: INTEGER REFERENCES owners(id))\n"
        "\n"
        "Differences: missing table, extra table, missing column, extra column, type mismatch,\n"
        "NULL-ability mismatch, association without a foreign key constraint, foreign key without an\n"
        "association, hasOne whose key is not unique, join table without its composite key, differing\n"
        "ON DELETE, differing ON UPDATE. Types are compared leniently where one type has several\n"
        "spellings (INTEGER/int4, DATETIME/TIMESTAMP WITH TIME ZONE); RESTRICT counts as NO ACTION.\n"
        "The database is only read: nothing is created or changed, not even a setting.\n"
        "\n"
        "Options:\n"
        "  --db URL        database: a file path, sqlite:PATH, or postgresql://user[:password]@host:port/db\n"
        "                  (?schema=NAME for another PostgreSQL schema than public)\n"
        "  --schema FILE   the schema JSON to compare (the format of grumble schema's output)\n"
        "  --json          print a JSON array of {kind, table, column, expected, actual, message, meaning}\n"
        "  -h, --help      show this help\n"
        "\n"
        "Exit status: 0 no differences, 1 some differences, 2 usage error (unknown option, unreadable\n"
        "schema, unreachable database).\n";

int checkUsage(const QString &message)
{
    std::fprintf(stderr, "grumble check: %s\nTry 'grumble check --help'.\n", qPrintable(message));
    return 2;
}

void print(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout);
}

struct CheckOptions
{
    QString url;
    QString schemaFile;
    bool json = false;
    bool help = false;
};

//! The options, or the usage error to print.
Result<CheckOptions> parseCheckOptions(const QStringList &args)
{
    CheckOptions o;
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            o.help = true;
        } else if (a == QLatin1String("--json")) {
            o.json = true;
        } else if (a == QLatin1String("--db") || a == QLatin1String("--schema")) {
            if (i + 1 >= args.size())
                return makeError(ErrorKind::Syntax, QStringLiteral("%1 needs a value").arg(a));
            (a == QLatin1String("--db") ? o.url : o.schemaFile) = args.at(++i);
        } else if (a.startsWith(QLatin1String("--db="))) {
            o.url = a.mid(5);
        } else if (a.startsWith(QLatin1String("--schema="))) {
            o.schemaFile = a.mid(9);
        } else {
            return makeError(ErrorKind::Syntax, a.startsWith(QLatin1Char('-'))
                                     ? QStringLiteral("unknown option '%1'").arg(a)
                                     : QStringLiteral("unexpected argument '%1'").arg(a));
        }
    }
    if (!o.help && o.url.isEmpty())
        return makeError(ErrorKind::Syntax, QStringLiteral("--db URL is required"));
    if (!o.help && o.schemaFile.isEmpty())
        return makeError(ErrorKind::Syntax, QStringLiteral("--schema FILE is required"));
    return o;
}

} // namespace

int runCheck(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    auto options = parseCheckOptions(app.arguments().mid(2));
    if (!options)
        return checkUsage(options.error().message);
    if (options->help) {
        std::fputs(kCheckHelp, stdout);
        return 0;
    }
    auto schema = Schema::fromFile(options->schemaFile);
    if (!schema)
        return checkUsage(schema.error().message);
    auto where = DatabaseUrl::parse(options->url);
    if (!where)
        return checkUsage(where.error().message);
    if (where->driver == QLatin1String("QSQLITE") && where->path != QLatin1String(":memory:")
        && !QFileInfo::exists(where->path))
        return checkUsage(QStringLiteral("no database file %1").arg(where->path)); // opening would create it
    QVector<SchemaDifference> differences;
    {
        auto connection = Connection::open(options->url);
        if (!connection)
            return checkUsage(connection.error().message);
        auto catalog = readCatalog(**connection);
        if (!catalog)
            return checkUsage(QStringLiteral("cannot read the database: ") + catalog.error().message);
        differences = checkSchema(*schema, *catalog);
    } // closed before anything is printed
    if (options->json) {
        QJsonArray array;
        for (const SchemaDifference &d : std::as_const(differences))
            array.append(d.toJson());
        print(QJsonDocument(array).toJson(QJsonDocument::Indented));
    } else {
        for (const SchemaDifference &d : std::as_const(differences))
            print(d.line().toUtf8() + '\n');
    }
    return differences.isEmpty() ? 0 : 1;
}

} // namespace grumble::cli
