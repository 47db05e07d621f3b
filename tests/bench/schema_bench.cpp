// grumble-schema-bench: how long Schema::fromJson takes on a schema of N models (default 4,000,
// 8,000, 16,000 and 100,000), each with three attributes and a belongsTo to another model, every
// tenth model a hasMany back and every hundredth a belongsToMany; and the same schema whose last
// association names an unknown model (it must fail with that error just as fast). One JSON line a
// size and case:
//   {"bench":"schema","models":100000,"associations":...,"bytes":...,"case":"loads","ms":...,"ok":true}
// "ms" is the median of --runs loads (default 3).
#include "benchutil.h"
#include "schema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

void measure(int count, bool brokenLast, int runs)
{
    int associations = 0;
    const QByteArray json = schemaJson(count, brokenLast, &associations);
    std::vector<double> times;
    bool ok = false;
    QString error;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        auto schema = Schema::fromJson(json);
        times.push_back(timer.nsecsElapsed() / 1e6);
        ok = schema.ok();
        error = ok ? QString() : schema.error().message.left(80);
    }
    JsonLine line;
    line.add("bench", "schema").add("models", count).add("associations", associations)
            .add("bytes", qint64(json.size())).add("case", brokenLast ? "last association unknown" : "loads")
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
    std::vector<int> sizes = { 4000, 8000, 16000, 100000 };
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
        measure(count, false, runs);
        measure(count, true, runs);
    }
    return 0;
}
