// grumble-schema-bench: how long Schema::fromJson takes on a schema of N models (default 1,000,
// 10,000, 50,000 (about 10 MB) and 100,000 (20 MB); --models N for one size), each with three
// attributes and a belongsTo to another model, every tenth model a hasMany back and every hundredth a
// belongsToMany; the same schema whose last association names an unknown model (it must fail with
// that error just as fast, the partly built schema freed included); and the whole of `grumble schema
// --schema FILE` (the file read, loaded, written back as indented JSON). One JSON line a size and case:
//   {"bench":"schema","models":100000,"associations":...,"bytes":...,"case":"loads","ms":...,"ok":true}
// "ms" is the median of --runs loads (default 3). The target: under 2 s for 100,000 models.
#include "benchutil.h"
#include "schema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>

#include <cstdio>
#include <vector>

using namespace grumble;
using namespace grumble::bench;

namespace {

QJsonObject model(int i)
{
    auto attribute = [](const char *name, const char *type) {
        return QJsonObject { { QStringLiteral("name"), QString::fromLatin1(name) },
                             { QStringLiteral("type"), QString::fromLatin1(type) } };
    };
    return QJsonObject { { QStringLiteral("name"), QStringLiteral("thing%1").arg(i) },
                         { QStringLiteral("attributes"),
                           QJsonArray { attribute("name", "STRING"), attribute("size", "INTEGER"),
                                        attribute("seen", "DATE") } } };
}

QJsonObject association(const QString &source, const char *type, const QString &target)
{
    return QJsonObject { { QStringLiteral("source"), source },
                         { QStringLiteral("type"), QString::fromLatin1(type) },
                         { QStringLiteral("target"), target } };
}

//! The schema JSON of `count` models; `brokenLast`: the last association names an unknown model.
QByteArray schemaJson(int count, bool brokenLast, int *associations)
{
    Mulberry32 random(42);
    QJsonArray models, declared;
    for (int i = 0; i < count; ++i)
        models.append(model(i));
    for (int i = 1; i < count; ++i) {
        const QString source = QStringLiteral("thing%1").arg(i);
        const QString target = QStringLiteral("thing%1").arg(random.rand(i));
        declared.append(association(source, "belongsTo", target));
        if (i % 10 == 0) {
            QJsonObject children = association(target, "hasMany", source);
            children.insert(QStringLiteral("as"), QStringLiteral("children%1").arg(i));
            declared.append(children);
        }
        if (i % 100 == 0) {
            QJsonObject manyToMany = association(source, "belongsToMany", target);
            manyToMany.insert(QStringLiteral("through"), QStringLiteral("link%1").arg(i));
            manyToMany.insert(QStringLiteral("as"), QStringLiteral("linked%1").arg(i));
            declared.append(manyToMany);
        }
    }
    if (brokenLast)
        declared.append(association(QStringLiteral("thing1"), "hasMany", QStringLiteral("nosuchmodel")));
    *associations = int(declared.size());
    return QJsonDocument(QJsonObject { { QStringLiteral("models"), models },
                                       { QStringLiteral("associations"), declared } })
            .toJson(QJsonDocument::Compact);
}

enum class Case { Loads, LastAssociationUnknown, WrittenBack };

//! One run of a case: Schema::fromJson, or what `grumble schema --schema FILE` does with the file.
Result<Schema> runCase(Case which, const QByteArray &json, const QString &file)
{
    if (which != Case::WrittenBack)
        return Schema::fromJson(json);
    auto schema = Schema::fromFile(file);
    if (schema && QJsonDocument(schema->toJson()).toJson(QJsonDocument::Indented).isEmpty())
        return makeError(ErrorKind::Schema, QStringLiteral("written back empty"));
    return schema;
}

void measure(int count, Case which, int runs)
{
    int associations = 0;
    const QByteArray json = schemaJson(count, which == Case::LastAssociationUnknown, &associations);
    QTemporaryFile file;
    if (which == Case::WrittenBack && (!file.open() || file.write(json) != json.size() || !file.flush()))
        return;
    std::vector<double> times;
    bool ok = false;
    QString error;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        // A failed load frees what it built inside the time; a loaded schema is freed after it.
        auto schema = runCase(which, json, file.fileName());
        times.push_back(timer.nsecsElapsed() / 1e6);
        ok = schema.ok();
        error = ok ? QString() : schema.error().message.left(80);
    }
    const char *const names[] = { "loads", "last association unknown", "file loaded and written back" };
    JsonLine line;
    line.add("bench", "schema").add("models", count).add("associations", associations)
            .add("bytes", qint64(json.size())).add("case", names[int(which)])
            .add("ms", median(times)).add("ok", ok);
    if (!error.isEmpty())
        line.add("error", error);
    std::printf("%s\n", line.text().constData());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::vector<int> sizes = { 1000, 10000, 50000, 100000 };
    int runs = 3;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--models"))
            sizes = { args.at(i + 1).toInt() };
        else if (args.at(i) == QLatin1String("--runs"))
            runs = std::max(1, args.at(i + 1).toInt());
    }
    if (args.size() % 2 == 0) {
        std::printf("usage: grumble-schema-bench [--models N] [--runs R]\n");
        return 2;
    }
    for (const int count : sizes) {
        measure(count, Case::Loads, runs);
        measure(count, Case::LastAssociationUnknown, runs);
        measure(count, Case::WrittenBack, runs);
    }
    return 0;
}
