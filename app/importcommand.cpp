// `grumble import-sequelize PATH [--out FILE]`: a Sequelize project's models as Grumble schema JSON,
// read by the project's own Sequelize. The loader (resources/sequelize/loader.js, compiled into the
// binary) is written to a temporary folder and run by node (SequelizeImport, session/sequelizeimport.h,
// which the app's File › Import Sequelize project… shares); its JSON is loaded with Schema::fromJson,
// so what is written is a schema Grumble can open.

#include "eval.h"

#include "schema.h"
#include "sequelizeimport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>
#include <optional>

namespace grumble::cli {

namespace {

const char kImportHelp[] =
        "Usage: grumble import-sequelize PATH [--out FILE]\n"
        "\n"
        "Reads a Sequelize project's models with the project's own Sequelize and prints them as\n"
        "Grumble schema JSON (the format of --schema FILE).\n"
        "\n"
        "PATH is a models/ folder with an index.js (the sequelize-cli layout), or a .js/.cjs/.mjs file\n"
        "that exports a Sequelize instance, an object holding one (db.sequelize) or a default export of\n"
        "either. node runs the project's code with the project's node_modules (and NODE_PATH); nothing\n"
        "connects to the database it configures (no sync, no authenticate, no query), so the database\n"
        "need not exist on this machine.\n"
        "\n"
        "Options:\n"
        "  --out FILE   write the schema to FILE instead of standard output\n"
        "  -h, --help   show this help\n"
        "\n"
        "Environment: GRUMBLE_NODE the node executable (default: node on PATH).\n"
        "\n"
        "What Sequelize has and the schema format cannot express (scopes, paranoid, validators, ENUM\n"
        "values, getters, hooks, indexes ...) is listed on stderr as \"not honoured by Grumble: ...\".\n"
        "\n"
        "Exit status: 0 imported, 1 the project could not be loaded (node missing, the project's code\n"
        "threw, no Sequelize instance, an unsupported Sequelize version, the result is not a valid\n"
        "schema), 2 usage error.\n";

struct ImportArguments
{
    QString path;
    QString out;
};

void printError(const QString &line)
{
    const QByteArray bytes = QStringLiteral("grumble import-sequelize: %1\n").arg(line).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

int usage(const QString &message)
{
    printError(message);
    std::fputs("Try 'grumble import-sequelize --help'.\n", stderr);
    return 2;
}

// The arguments, or the exit status when there is nothing to import (help, usage error).
std::optional<int> parseArguments(const QStringList &args, ImportArguments *parsed)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            std::fputs(kImportHelp, stdout);
            return 0;
        }
        if (arg == QLatin1String("--out")) {
            if (i + 1 >= args.size())
                return usage(QStringLiteral("--out needs a file name"));
            parsed->out = args.at(++i);
        } else if (arg.startsWith(QLatin1Char('-'))) {
            return usage(QStringLiteral("unknown option '%1'").arg(arg));
        } else if (parsed->path.isEmpty()) {
            parsed->path = arg;
        } else {
            return usage(QStringLiteral("one PATH only (got '%1' and '%2')").arg(parsed->path, arg));
        }
    }
    if (parsed->path.isEmpty())
        return usage(QStringLiteral("missing PATH (a models/ folder or a .js file)"));
    if (!QFileInfo::exists(parsed->path))
        return usage(QStringLiteral("%1: no such file or folder").arg(parsed->path));
    return std::nullopt;
}

// What a schema says about names, tables, columns and keys: equal fingerprints load the same way.
QStringList fingerprint(const Schema &schema)
{
    QStringList lines;
    for (const Model &model : schema.models()) {
        lines << QStringLiteral("model %1: table %2, %3/%4").arg(model.name, model.tableName, model.singular, model.plural);
        for (const Attribute &attribute : model.attributes)
            lines << QStringLiteral("model %1.%2: column %3 %4(%5)%6%7%8")
                             .arg(model.name, attribute.name, attribute.field, dataTypeName(attribute.type))
                             .arg(attribute.length)
                             .arg(attribute.allowNull ? QString() : QStringLiteral(" NOT NULL"),
                                  attribute.unique ? QStringLiteral(" UNIQUE") : QString(),
                                  attribute.primaryKey ? QStringLiteral(" PRIMARY KEY") : QString());
    }
    for (const Association &association : schema.associations()) {
        lines << QStringLiteral("%1.%2(%3): as %4 (%5/%6), keys %7 %8 %9 %10, through %11, %12/%13")
                         .arg(association.source, associationKindName(association.kind), association.target,
                              association.as, association.singular, association.plural, association.foreignKey,
                              association.sourceKey, association.targetKey)
                         .arg(association.otherKey, association.through, association.onDelete, association.onUpdate);
    }
    return lines;
}

// The schema to write: the normalized form (Schema::toJson) when it loads back to the same schema,
// else the loader's document as it is (already checked loadable) and a line on what normalizing loses.
QByteArray schemaDocument(const Schema &schema, const QByteArray &loaderJson)
{
    const QJsonObject loaded = QJsonDocument::fromJson(loaderJson).object();
    QJsonObject normalized = schema.toJson();
    for (const QString &key : { QStringLiteral("name"), QStringLiteral("description") }) {
        if (loaded.contains(key))
            normalized.insert(key, loaded.value(key));
    }
    const QByteArray normalizedJson = QJsonDocument(normalized).toJson(QJsonDocument::Indented);
    auto reloaded = Schema::fromJson(normalizedJson);
    const QStringList expected = fingerprint(schema);
    const QStringList actual = reloaded ? fingerprint(*reloaded) : QStringList();
    if (actual == expected)
        return normalizedJson;
    for (const QString &line : expected) {
        if (!actual.contains(line)) {
            printError(QStringLiteral("the normalized schema would lose \"%1\"; writing the imported schema as it is")
                               .arg(line));
            break;
        }
    }
    return QJsonDocument(loaded).toJson(QJsonDocument::Indented);
}

bool writeOutput(const QString &out, const QByteArray &document)
{
    if (out.isEmpty()) {
        std::fwrite(document.constData(), 1, size_t(document.size()), stdout);
        std::fflush(stdout);
        return true;
    }
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size() || !file.commit()) {
        printError(QStringLiteral("cannot write %1: %2").arg(out, file.errorString()));
        return false;
    }
    return true;
}

} // namespace

int runImportSequelize(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ImportArguments arguments;
    if (auto status = parseArguments(app.arguments().mid(2), &arguments))
        return *status;
    SequelizeImport import;
    const bool imported = importSequelizeBlocking(import, arguments.path, [](const QString &line) {
        const QByteArray bytes = (line + QLatin1Char('\n')).toUtf8();
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
        std::fflush(stderr);
    });
    if (!imported) {
        printError(import.errorMessage());
        return 1;
    }
    const SequelizeImportResult &result = import.result();
    return writeOutput(arguments.out, schemaDocument(result.schema, result.json)) ? 0 : 1;
}

} // namespace grumble::cli
