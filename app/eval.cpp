#include "eval.h"

#include "engine.h"
#include "expression.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace grumble::cli {

namespace {

const char kEvalHelp[] =
        "Usage: grumble eval [--db URL] [--schema FILE] [--sync | --force] [--log] [EXPR ...]\n"
        "\n"
        "Runs expressions against a database with the association engine and prints one line of\n"
        "compact JSON per expression on stdout, in order.\n"
        "\n"
        "Options:\n"
        "  --db URL        database: a file path, sqlite:PATH, :memory: (default), or\n"
        "                  postgresql://user[:password]@host:port/db\n"
        "  --schema FILE   schema JSON (default: the schema read from the database's tables, as\n"
        "                  'grumble schema --db URL' prints it; an empty database gets the built-in\n"
        "                  pugs schema: owner, pug, friend, friendship)\n"
        "  --sync          create the schema's missing tables (an empty database gets them anyway;\n"
        "                  a database that has tables is otherwise opened as it is, nothing written)\n"
        "  --force         drop and recreate the schema's tables first\n"
        "  --log           print every SQL statement with its bindings and duration to stderr\n"
        "  -h, --help      show this help\n"
        "\n"
        "Expressions come from the arguments or, when there are none, from standard input, one per\n"
        "line (blank lines and lines starting with // are skipped), all on the same connection.\n"
        "\n"
        "Syntax (arguments are JSON with quoted keys; Model#pk references a record):\n"
        "  Owner.create({\"name\": \"Tom\"})            Pug.bulkCreate([{\"name\": \"Cody\"}, {\"name\": \"Rex\"}])\n"
        "  Pug#1.setOwner(Owner#1)   Pug#1.setOwner(null)   Pug#1.getOwner()\n"
        "  Owner#1.setPugs([Pug#1, Pug#2])   Owner#1.addPugs([3, 4])   Owner#1.hasPugs([Pug#1, 9])\n"
        "  Pug#1.addFriend(Friend#2)   Pug#1.removeFriends([Friend#1, Friend#2])\n"
        "  Pug.findAll({\"include\": [{\"model\": \"Owner\"}]})\n"
        "  Owner.findAll({\"include\": [{\"model\": \"Pug\", \"include\": [\"Friend\"]}], \"order\": [[\"name\", \"DESC\"]]})\n"
        "  Pug.findByPk(1, {\"include\": [\"owner\", \"friends\"]})\n"
        "  Pug#1.update({\"name\": \"Cody II\"})   Owner#2.destroy()   Pug.count({\"where\": {\"ownerId\": 1}})\n"
        "Static methods: create, bulkCreate, findAll, findOne, findByPk, count. On a record: update,\n"
        "save, destroy, reload, and every accessor the schema generates (getPugs, addFriends, ...).\n"
        "\n"
        "Options (the last argument, as Sequelize takes them):\n"
        "  getX/countX/hasX   {\"where\", \"order\", \"limit\", \"offset\", \"attributes\",\n"
        "                     \"joinTableAttributes\", \"through\": {\"where\"}}\n"
        "  addX/setX/createX  {\"through\": {\"column\": value}}: the join row's own columns\n"
        "  create             Owner.create({\"name\": \"Tom\", \"pugs\": [{\"name\": \"Rex\"}]},\n"
        "                     {\"include\": [{\"model\": \"Pug\"}]}): nested records, one transaction\n"
        "  findAll/findOne/findByPk/count\n"
        "                     \"where\" (also \"$assoc.column$\" keys of included associations), \"include\",\n"
        "                     \"order\", \"limit\", \"offset\", \"attributes\": [\"name\", [\"name\", \"alias\"]] or\n"
        "                     {\"exclude\": [\"createdAt\"]}; count: \"distinct\": true counts parents, without\n"
        "                     it a to-many include counts joined rows\n"
        "  include            \"Model\", \"alias\", or {\"model\", \"as\", \"required\", \"where\", \"attributes\"\n"
        "                     ([] leaves the key out), \"include\", \"through\": {\"attributes\", \"where\"},\n"
        "                     \"separate\": true with its own \"order\"/\"limit\"}, {\"all\": true},\n"
        "                     {\"all\": true, \"nested\": true}\n"
        "  order              [[\"name\", \"DESC\"]], [[\"pugs\", \"name\", \"DESC\"]] (any depth),\n"
        "                     [[{\"model\": \"Pug\", \"as\": \"pugs\"}, \"name\", \"ASC\"]]\n"
        "Where operators: $eq $ne $gt $gte $lt $lte $in $notIn $like $notLike $between $is $and $or $not.\n"
        "\n"
        "Output: the accessor's return value as Sequelize gives it (records, arrays, numbers, booleans,\n"
        "null); removePug(s) on a hasMany prints the number of records changed. A failing expression\n"
        "prints {\"error\": {\"kind\": \"...\", \"message\": \"...\"}} and the run goes on.\n"
        "\n"
        "Exit status: 0 all expressions succeeded, 1 some expression failed, 2 usage error (unknown\n"
        "option, unreadable schema, unreachable database).\n";

void out(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void err(const QString &line)
{
    const QByteArray b = line.toUtf8();
    std::fwrite(b.constData(), 1, size_t(b.size()), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

QByteArray errorJson(const Error &e)
{
    QJsonObject inner { { QStringLiteral("kind"), e.kindName() }, { QStringLiteral("message"), e.message } };
    if (!e.sql.isEmpty())
        inner.insert(QStringLiteral("sql"), e.sql);
    return QJsonDocument(QJsonObject { { QStringLiteral("error"), inner } }).toJson(QJsonDocument::Compact);
}

int usage(const QString &message)
{
    err(QStringLiteral("grumble eval: ") + message);
    err(QStringLiteral("Try 'grumble eval --help'."));
    return 2;
}

//! The engine on `url` with the schema file, or with the schema of the database's own tables.
Result<std::unique_ptr<Engine>> openEngine(const QString &url, const QString &schemaFile)
{
    if (schemaFile.isEmpty()) {
        auto opened = Engine::openIntrospected(url);
        if (!opened)
            return opened.error();
        return std::move(opened->engine);
    }
    auto schema = Schema::fromFile(schemaFile);
    if (!schema)
        return schema.error();
    return Engine::open(url, std::move(*schema));
}

} // namespace

int printVersion()
{
    std::fputs("grumble 0.1.0\n", stdout);
    return 0;
}

int noGui()
{
    std::fputs("grumble: this build has no desktop app (configure with -DGRUMBLE_BUILD_GUI=ON); "
               "use 'grumble eval'\n",
               stderr);
    return 2;
}

int runEval(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString url = QStringLiteral(":memory:");
    QString schemaFile;
    bool force = false;
    bool sync = false;
    bool log = false;
    QList<QByteArray> expressions; // bytes as given: invalid UTF-8 is an error, not U+FFFD
    const QStringList args = app.arguments().mid(2);
    bool flags = true;
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        if (flags && a == QLatin1String("--")) {
            flags = false;
        } else if (flags && (a == QLatin1String("--help") || a == QLatin1String("-h"))) {
            std::fputs(kEvalHelp, stdout);
            return 0;
        } else if (flags && (a == QLatin1String("--db") || a == QLatin1String("--schema"))) {
            if (i + 1 >= args.size())
                return usage(QStringLiteral("%1 needs a value").arg(a));
            (a == QLatin1String("--db") ? url : schemaFile) = args.at(++i);
        } else if (flags && a.startsWith(QLatin1String("--db="))) {
            url = a.mid(5);
        } else if (flags && a.startsWith(QLatin1String("--schema="))) {
            schemaFile = a.mid(9);
        } else if (flags && a == QLatin1String("--force")) {
            force = true;
        } else if (flags && a == QLatin1String("--sync")) {
            sync = true;
        } else if (flags && a == QLatin1String("--log")) {
            log = true;
        } else if (flags && a.startsWith(QLatin1String("--"))) {
            return usage(QStringLiteral("unknown option '%1'").arg(a));
        } else {
            expressions << (args.size() == argc - 2 ? QByteArray(argv[i + 2]) : a.toUtf8());
        }
    }
    auto engine = openEngine(url, schemaFile);
    if (!engine)
        return usage(engine.error().message);
    Engine &e = **engine;
    if (log) {
        QObject::connect(e.connection().log(), &SqlLog::executed, [](const SqlLogEntry &entry) {
            QStringList b;
            for (const QVariant &v : entry.bindings)
                b << (v.isNull() ? QStringLiteral("NULL") : displayText(v).left(200));
            QString line = QStringLiteral("[sql] ") + entry.sql;
            if (!b.isEmpty())
                line += QStringLiteral("  -- [") + b.join(QStringLiteral(", ")) + QLatin1Char(']');
            line += QStringLiteral("  (%1 ms").arg(entry.micros / 1000.0, 0, 'f', 2);
            if (!entry.context.isEmpty())
                line += QStringLiteral(", ") + entry.context;
            line += QLatin1Char(')');
            if (!entry.ok)
                line += QStringLiteral("  FAILED: ") + entry.error;
            err(line);
        });
    }
    auto hasTables = e.hasTables();
    if (!hasTables)
        return usage(hasTables.error().message);
    if (!*hasTables || sync || force) {
        auto synced = e.sync(force);
        if (!synced)
            return usage(QStringLiteral("cannot create the schema's tables: ") + synced.error().message);
    }

    Evaluator evaluator(e);
    bool failed = false;
    auto run = [&](const QByteArray &expr) {
        auto r = evaluator.evaluateUtf8(expr);
        if (r) {
            out(toJson(*r));
        } else {
            failed = true;
            out(errorJson(r.error()));
        }
    };
    if (!expressions.isEmpty()) {
        for (const QByteArray &expr : std::as_const(expressions))
            run(expr);
    } else {
        QFile in;
        (void)in.open(stdin, QIODevice::ReadOnly);
        while (!in.atEnd()) {
            const QByteArray t = in.readLine().trimmed();
            if (t.isEmpty() || t.startsWith("//"))
                continue;
            run(t);
        }
    }
    return failed ? 1 : 0;
}

} // namespace grumble::cli
