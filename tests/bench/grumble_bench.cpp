// grumble-bench: the Sequelize peer benchmark's workload (../shared/peer/sequelize/bench.js) run on
// Grumble's engine, op by op with the same names, data and random draws, plus raw_ twins (the same
// rows through the database's C API) and json_ twins (serializing Grumble's result) for ops a-d.
//
//   grumble-bench [--db URL] [--owners N] [--pugs-per-owner K] [--friends F] [--friends-per-pug M]
//                 [--seed S] [--reps 5] [--warmup 1] [--batch 5000] [--ops i,a,b,c,d,e,f,g,h]
//                 [--twins raw,json|none] [--iters-e 1000] [--iters-f 1000] [--iters-g 200] [--iters-h 1000]
//
// One JSON line per op: {"op","n","ms","ms_min","ms_max","queries","rss_mib",...}; ms is the median
// of --reps timed runs after --warmup untimed ones; queries counts statements per timed run
// (BEGIN/COMMIT excluded); rss_mib is the peak RSS during the op (VmHWM, reset before each op),
// rss_mib_so_far the process peak so far (what the peer reports as maxRSS_MiB_so_far).
// Results are released after the clock stops (the peer's GC runs untimed too).

#include "benchutil.h"
#include "rawload.h"

#include "engine.h"
#include "record.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <any>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <functional>

using namespace grumble;
using namespace grumble::bench;

namespace {

struct Args
{
    QString db = QStringLiteral(":memory:");
    int owners = 1000, pugsPerOwner = 10, friends = 1000, friendsPerPug = 5;
    int reps = 5, warmup = 1, batch = 5000;
    uint32_t seed = 12345;
    int itersE = 1000, itersF = 1000, itersG = 200, itersH = 1000;
    QSet<QString> ops = { QStringLiteral("i"), QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                          QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("f"), QStringLiteral("g"),
                          QStringLiteral("h") };
    bool raw = true, json = true;
};

[[noreturn]] void die(const QString &msg)
{
    std::fprintf(stderr, "grumble-bench: %s\n", qPrintable(msg));
    std::exit(1);
}

template <typename T>
T check(Result<T> r, const char *what)
{
    if (!r)
        die(QStringLiteral("%1: %2").arg(QString::fromUtf8(what), r.error().toString()));
    return std::move(r).value();
}

void check(Result<void> r, const char *what)
{
    if (!r)
        die(QStringLiteral("%1: %2").arg(QString::fromUtf8(what), r.error().toString()));
}

Args parseArgs(const QStringList &argv)
{
    Args a;
    for (int i = 1; i < argv.size(); ++i) {
        const QString k = argv.at(i);
        if (k == QLatin1String("--help") || k == QLatin1String("-h")) {
            std::printf("usage: grumble-bench [--db URL] [--owners N] [--pugs-per-owner K] [--friends F]\n"
                        "  [--friends-per-pug M] [--seed S] [--reps 5] [--warmup 1] [--batch 5000]\n"
                        "  [--ops i,a,b,c,d,e,f,g,h] [--twins raw,json|none] [--iters-e|f|g|h N]\n");
            std::exit(0);
        }
        if (i + 1 >= argv.size())
            die(QStringLiteral("missing value for %1").arg(k));
        const QString v = argv.at(++i);
        bool ok = true;
        auto num = [&] {
            const long long n = v.toLongLong(&ok);
            if (!ok || n < 0)
                die(QStringLiteral("bad number for %1: %2").arg(k, v));
            return n;
        };
        if (k == QLatin1String("--db"))
            a.db = v;
        else if (k == QLatin1String("--owners"))
            a.owners = int(num());
        else if (k == QLatin1String("--pugs-per-owner"))
            a.pugsPerOwner = int(num());
        else if (k == QLatin1String("--friends"))
            a.friends = int(num());
        else if (k == QLatin1String("--friends-per-pug"))
            a.friendsPerPug = int(num());
        else if (k == QLatin1String("--seed"))
            a.seed = uint32_t(num());
        else if (k == QLatin1String("--reps"))
            a.reps = qMax(1, int(num()));
        else if (k == QLatin1String("--warmup"))
            a.warmup = int(num());
        else if (k == QLatin1String("--batch"))
            a.batch = qMax(1, int(num()));
        else if (k == QLatin1String("--iters-e"))
            a.itersE = int(num());
        else if (k == QLatin1String("--iters-f"))
            a.itersF = int(num());
        else if (k == QLatin1String("--iters-g"))
            a.itersG = int(num());
        else if (k == QLatin1String("--iters-h"))
            a.itersH = int(num());
        else if (k == QLatin1String("--ops")) {
            a.ops.clear();
            for (const QString &o : v.split(QLatin1Char(','), Qt::SkipEmptyParts))
                a.ops.insert(o.trimmed());
        } else if (k == QLatin1String("--twins")) {
            a.raw = v.contains(QLatin1String("raw"));
            a.json = v.contains(QLatin1String("json"));
        } else
            die(QStringLiteral("unknown argument %1 (see --help)").arg(k));
    }
    if (a.friendsPerPug >= a.friends)
        die(QStringLiteral("need friends > friends-per-pug (op f picks a non-friend)"));
    if (qint64(a.owners) * a.pugsPerOwner < 10)
        die(QStringLiteral("need at least 10 pugs for op g"));
    return a;
}

void emitLine(const JsonLine &line)
{
    const QByteArray t = line.text();
    std::fwrite(t.constData(), 1, size_t(t.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

//! What one timed run reports; `keep` holds its result until the clock has stopped.
struct RunInfo
{
    qint64 n = 0;
    QList<QPair<const char *, qint64>> extra;
    std::any keep;
};

class Bench
{
public:
    Bench(Args args, Engine &e, RawDb *raw) : A(std::move(args)), e(e), raw(raw) { }

    void measure(const char *op, const std::function<RunInfo()> &fn, const std::function<quint64()> &counter,
                 const std::function<void()> &before = {}, const std::function<void()> &after = {})
    {
        const bool peakOk = resetPeakRss();
        std::vector<double> samples;
        std::vector<double> queries;
        RunInfo info;
        for (int r = 0; r < A.warmup + A.reps; ++r) {
            if (before)
                before();
            const quint64 q0 = counter ? counter() : 0;
            const auto t0 = std::chrono::steady_clock::now();
            info = fn();
            const auto t1 = std::chrono::steady_clock::now();
            const quint64 q = counter ? counter() - q0 : 0;
            info.keep.reset(); // release the result outside the timed region
            if (after)
                after();
            if (r >= A.warmup) {
                samples.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
                queries.push_back(double(q));
            }
        }
        JsonLine line;
        line.add("op", QString::fromUtf8(op)).add("n", info.n).add("ms", median(samples));
        line.add("ms_min", *std::min_element(samples.begin(), samples.end()))
                .add("ms_max", *std::max_element(samples.begin(), samples.end()));
        line.add("queries", qint64(median(queries)));
        const double qmin = *std::min_element(queries.begin(), queries.end());
        const double qmax = *std::max_element(queries.begin(), queries.end());
        if (qmin != qmax)
            line.add("queries_min", qint64(qmin)).add("queries_max", qint64(qmax));
        const double peak = peakOk ? peakRssMiB() : maxRssMiB();
        m_peakSoFar = std::max({ m_peakSoFar, peak, peakOk ? 0.0 : maxRssMiB() });
        line.add("rss_mib", peak);
        for (const auto &x : info.extra)
            line.add(x.first, x.second);
        QByteArray s = "[";
        for (size_t i = 0; i < samples.size(); ++i)
            s += (i ? "," : "") + QByteArray::number(std::round(samples[i] * 1000) / 1000, 'g', 15);
        line.addRaw("samples_ms", s + ']');
        line.add("rss_mib_so_far", m_peakSoFar);
        if (!peakOk)
            line.add("rss_note", "VmHWM reset not allowed; rss_mib is the process peak so far");
        emitLine(line);
    }

    double peakSoFar() const { return m_peakSoFar; }
    quint64 engineStatements() { return e.connection().statementCount(); }
    quint64 rawStatements() { return raw ? raw->statementCount() : 0; }

    void execUntimed(const QString &sql)
    {
        QSqlQuery q(e.connection().database());
        if (!q.exec(sql))
            die(QStringLiteral("%1: %2").arg(sql, q.lastError().text()));
    }

    bool postgres() const { return e.dialect().name() == QLatin1String("postgres"); }

    void truncateAll()
    {
        if (postgres()) {
            execUntimed(QStringLiteral("TRUNCATE TABLE \"friendship\", \"pugs\", \"friends\", \"owners\" RESTART IDENTITY CASCADE"));
        } else {
            for (const char *t : { "friendship", "pugs", "friends", "owners" })
                execUntimed(QStringLiteral("DELETE FROM \"%1\"").arg(QLatin1String(t)));
            execUntimed(QStringLiteral("DELETE FROM sqlite_sequence WHERE name IN ('owners','pugs','friends')"));
        }
    }

    int friendOf(int q, int j) const { return int((qint64(q) * 7 + qint64(j) * (A.friends / A.friendsPerPug)) % A.friends) + 1; }

    RunInfo seed()
    {
        const int N = A.owners, K = A.pugsPerOwner, F = A.friends, M = A.friendsPerPug, B = A.batch;
        const qint64 P = qint64(N) * K, total = P * M;
        const QString name = QStringLiteral("name"), ownerId = QStringLiteral("ownerId");
        const QString pugId = QStringLiteral("pugId"), friendId = QStringLiteral("friendId");
        auto flush = [&](const char *model, QList<QVariantMap> &rows) {
            check(e.bulkCreate(QString::fromUtf8(model), rows), "bulkCreate");
            rows.clear();
        };
        QList<QVariantMap> rows;
        for (qint64 s = 0; s < N; s += B) {
            for (qint64 o = s + 1; o <= qMin<qint64>(N, s + B); ++o)
                rows.push_back({ { name, QStringLiteral("owner-%1").arg(o) } });
            flush("owner", rows);
        }
        for (qint64 s = 0; s < P; s += B) {
            for (qint64 p = s + 1; p <= qMin<qint64>(P, s + B); ++p)
                rows.push_back({ { name, QStringLiteral("pug-%1").arg(p) }, { ownerId, (p - 1) / K + 1 } });
            flush("pug", rows);
        }
        for (qint64 s = 0; s < F; s += B) {
            for (qint64 f = s + 1; f <= qMin<qint64>(F, s + B); ++f)
                rows.push_back({ { name, QStringLiteral("friend-%1").arg(f) } });
            flush("friend", rows);
        }
        for (qint64 s = 0; s < total; s += B) {
            for (qint64 x = s; x < qMin<qint64>(total, s + B); ++x) {
                const int q = int(x / M), j = int(x % M);
                rows.push_back({ { pugId, q + 1 }, { friendId, friendOf(q, j) } });
            }
            flush("friendship", rows);
        }
        RunInfo info;
        info.n = N + P + F + total;
        return info;
    }

    RecordList findAll(const char *model, const QVariantMap &options)
    {
        const FindOptions o = check(FindOptions::fromVariant(options), "find options");
        return check(e.findAll(QString::fromUtf8(model), o), "findAll");
    }

    static qint64 nested(const Record &r, const QString &key)
    {
        const Included *inc = r.included(key);
        return inc ? qint64(inc->records.size()) : 0;
    }

    void includeOp(char letter, const char *op, const char *model, const QVariantMap &options,
                   const std::function<void(const RecordList &, RunInfo &)> &describe,
                   const std::function<RunInfo()> &rawFn)
    {
        const QString l = QString(QLatin1Char(letter));
        if (!A.ops.contains(l))
            return;
        measure(op, [&] {
            auto list = std::make_shared<RecordList>(findAll(model, options));
            RunInfo info;
            describe(*list, info);
            info.keep = list;
            return info;
        }, [this] { return engineStatements(); });
        if (A.json) {
            const RecordList list = findAll(model, options);
            measure((QByteArrayLiteral("json_") + op).constData(), [&] {
                RunInfo info;
                const QByteArray json = toJson(QVariant::fromValue(list));
                info.n = json.size();
                info.extra << qMakePair("records", qint64(list.size()));
                return info;
            }, {});
        }
        if (A.raw && raw)
            measure((QByteArrayLiteral("raw_") + op).constData(), rawFn, [this] { return rawStatements(); });
    }

    void run()
    {
        const int N = A.owners, K = A.pugsPerOwner, F = A.friends, M = A.friendsPerPug;
        const int P = N * K;
        check(e.sync(true), "sync");
        if (A.ops.contains(QStringLiteral("i")))
            measure("i_bulk_seed", [this] { return seed(); }, [this] { return engineStatements(); },
                    [this] { truncateAll(); });
        else {
            truncateAll();
            (void)seed();
        }
        if (postgres())
            execUntimed(QStringLiteral("ANALYZE"));

        const QString owner = QStringLiteral("owner"), pugs = QStringLiteral("pugs"), friends = QStringLiteral("friends");
        const QString include = QStringLiteral("include");

        includeOp('a', "a_pug_findAll_include_owner", "pug", { { include, QVariantList { owner } } },
                  [&](const RecordList &r, RunInfo &info) {
                      qint64 n = 0;
                      for (const Record &p : r)
                          n += nested(p, owner);
                      info.n = r.size();
                      info.extra << qMakePair("nested_owner", n);
                  },
                  [&] {
                      auto v = std::make_shared<std::vector<PugWithOwner>>(raw->loadPugsWithOwner());
                      RunInfo info;
                      qint64 n = 0;
                      for (const auto &p : *v)
                          n += p.owner ? 1 : 0;
                      info.n = qint64(v->size());
                      info.extra << qMakePair("nested_owner", n);
                      info.keep = v;
                      return info;
                  });
        includeOp('b', "b_owner_findAll_include_pugs", "owner", { { include, QVariantList { QStringLiteral("pug") } } },
                  [&](const RecordList &r, RunInfo &info) {
                      qint64 n = 0;
                      for (const Record &o : r)
                          n += nested(o, pugs);
                      info.n = r.size();
                      info.extra << qMakePair("nested_pugs", n);
                  },
                  [&] {
                      auto v = std::make_shared<std::vector<OwnerWithPugs>>(raw->loadOwnersWithPugs());
                      RunInfo info;
                      qint64 n = 0;
                      for (const auto &o : *v)
                          n += qint64(o.pugs.size());
                      info.n = qint64(v->size());
                      info.extra << qMakePair("nested_pugs", n);
                      info.keep = v;
                      return info;
                  });
        includeOp('c', "c_pug_findAll_include_friends", "pug", { { include, QVariantList { QStringLiteral("friend") } } },
                  [&](const RecordList &r, RunInfo &info) {
                      qint64 n = 0;
                      for (const Record &p : r)
                          n += nested(p, friends);
                      info.n = r.size();
                      info.extra << qMakePair("nested_friends", n);
                  },
                  [&] {
                      auto v = std::make_shared<std::vector<PugWithFriends>>(raw->loadPugsWithFriends());
                      RunInfo info;
                      qint64 n = 0;
                      for (const auto &p : *v)
                          n += qint64(p.friends.size());
                      info.n = qint64(v->size());
                      info.extra << qMakePair("nested_friends", n);
                      info.keep = v;
                      return info;
                  });
        const QVariantMap dOptions { { include, QVariantList { QVariantMap {
                                                { QStringLiteral("model"), QStringLiteral("pug") },
                                                { include, QVariantList { QStringLiteral("friend") } } } } } };
        includeOp('d', "d_owner_findAll_include_pugs_friends", "owner", dOptions,
                  [&](const RecordList &r, RunInfo &info) {
                      qint64 np = 0, nf = 0;
                      for (const Record &o : r) {
                          const Included *inc = o.included(pugs);
                          if (!inc)
                              continue;
                          np += qint64(inc->records.size());
                          for (const Record &p : inc->records)
                              nf += nested(p, friends);
                      }
                      info.n = r.size();
                      info.extra << qMakePair("nested_pugs", np) << qMakePair("nested_friends", nf);
                  },
                  [&] {
                      auto v = std::make_shared<std::vector<OwnerTree>>(raw->loadOwnerTree());
                      RunInfo info;
                      qint64 np = 0, nf = 0;
                      for (const auto &o : *v) {
                          np += qint64(o.pugs.size());
                          for (const auto &p : o.pugs)
                              nf += qint64(p.friends.size());
                      }
                      info.n = qint64(v->size());
                      info.extra << qMakePair("nested_pugs", np) << qMakePair("nested_friends", nf);
                      info.keep = v;
                      return info;
                  });

        // ---- per-instance ops on instances preloaded untimed, as the peer does ----
        const bool needInst = A.ops.contains(QStringLiteral("e")) || A.ops.contains(QStringLiteral("f"))
                || A.ops.contains(QStringLiteral("g")) || A.ops.contains(QStringLiteral("h"));
        if (!needInst)
            return;
        const QVariantMap byId { { QStringLiteral("order"), QVariantList { QVariantList { QStringLiteral("id"), QStringLiteral("ASC") } } } };
        const RecordList ownerRecs = findAll("owner", byId);
        const RecordList pugRecs = findAll("pug", byId);
        const RecordList friendRecs = findAll("friend", byId);
        if (ownerRecs.size() != N || pugRecs.size() != P || friendRecs.size() != F)
            die(QStringLiteral("seed mismatch"));
        auto statements = [this] { return engineStatements(); };

        if (A.ops.contains(QStringLiteral("e")))
            measure(QStringLiteral("e_owner_getPugs_x%1").arg(A.itersE).toUtf8().constData(), [&] {
                Mulberry32 rnd(A.seed ^ 0xEu);
                qint64 loaded = 0;
                for (int i = 0; i < A.itersE; ++i) {
                    const Record &o = ownerRecs.at(rnd.rand(N));
                    loaded += check(e.call(o, QStringLiteral("getPugs")), "getPugs").value<RecordList>().size();
                }
                RunInfo info;
                info.n = A.itersE;
                info.extra << qMakePair("loaded_pugs", loaded);
                return info;
            }, statements);

        if (A.ops.contains(QStringLiteral("f")))
            measure(QStringLiteral("f_pug_addFriend_removeFriend_x%1").arg(A.itersF).toUtf8().constData(), [&] {
                Mulberry32 rnd(A.seed ^ 0xFu);
                qint64 removed = 0;
                for (int i = 0; i < A.itersF; ++i) {
                    const int q = rnd.rand(P);
                    QSet<int> existing;
                    for (int j = 0; j < M; ++j)
                        existing.insert(friendOf(q, j));
                    int f = rnd.rand(F) + 1;
                    for (int guard = 0; existing.contains(f) && guard < F; ++guard)
                        f = (f % F) + 1;
                    const QVariantList arg { QVariant::fromValue(friendRecs.at(f - 1)) };
                    check(e.call(pugRecs.at(q), QStringLiteral("addFriend"), arg), "addFriend");
                    removed += check(e.call(pugRecs.at(q), QStringLiteral("removeFriend"), arg), "removeFriend").toLongLong();
                }
                RunInfo info;
                info.n = A.itersF;
                info.extra << qMakePair("removed", removed);
                return info;
            }, statements);

        if (A.ops.contains(QStringLiteral("g")))
            measure(QStringLiteral("g_owner_setPugs10_x%1").arg(A.itersG).toUtf8().constData(), [&] {
                Mulberry32 rnd(A.seed ^ 0x6u);
                for (int i = 0; i < A.itersG; ++i) {
                    const Record &o = ownerRecs.at(rnd.rand(N));
                    QList<int> chosen; // insertion order, like the peer's Set
                    for (int guard = 0; chosen.size() < 10 && guard < 1000; ++guard) {
                        const int q = rnd.rand(P);
                        if (!chosen.contains(q))
                            chosen << q;
                    }
                    QVariantList list;
                    for (int q : chosen)
                        list << QVariant::fromValue(pugRecs.at(q));
                    check(e.call(o, QStringLiteral("setPugs"), { QVariant(list) }), "setPugs");
                }
                RunInfo info;
                info.n = A.itersG;
                return info;
            }, statements, {}, [&] {
                execUntimed(QStringLiteral("UPDATE \"pugs\" SET \"ownerId\" = (\"id\" - 1) / %1 + 1").arg(K));
            });

        if (A.ops.contains(QStringLiteral("h")))
            measure(QStringLiteral("h_owner_countPugs_hasPug_x%1").arg(A.itersH).toUtf8().constData(), [&] {
                Mulberry32 rnd(A.seed ^ 0x8u);
                qint64 countSum = 0, hits = 0;
                for (int i = 0; i < A.itersH; ++i) {
                    const int oi = rnd.rand(N);
                    const Record &o = ownerRecs.at(oi);
                    const int pi = rnd.rand(2) == 0 ? oi * K + rnd.rand(K) : rnd.rand(P);
                    countSum += check(e.call(o, QStringLiteral("countPugs")), "countPugs").toLongLong();
                    if (check(e.call(o, QStringLiteral("hasPug"), { QVariant::fromValue(pugRecs.at(pi)) }), "hasPug").toBool())
                        ++hits;
                }
                RunInfo info;
                info.n = A.itersH;
                info.extra << qMakePair("countSum", countSum) << qMakePair("hasPugTrue", hits);
                return info;
            }, statements);
    }

private:
    Args A;
    Engine &e;
    RawDb *raw;
    double m_peakSoFar = maxRssMiB(); // VmHWM resets also lower getrusage's figure, so keep our own
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Args A = parseArgs(app.arguments());

    const bool wantsRaw = A.raw
            && (A.ops.contains(QStringLiteral("a")) || A.ops.contains(QStringLiteral("b"))
                || A.ops.contains(QStringLiteral("c")) || A.ops.contains(QStringLiteral("d")));
    QString url = A.db;
    QString storageNote;
    QTemporaryDir tmp;
    const bool memory = url == QLatin1String(":memory:") || url == QLatin1String("sqlite::memory:");
    if (memory && wantsRaw) {
        // The sqlite3 C API cannot open Qt's private in-memory database: run everything on a
        // temporary file instead, so Grumble and the raw twins read the same rows.
        if (!tmp.isValid())
            die(QStringLiteral("cannot create a temporary directory"));
        url = tmp.filePath(QStringLiteral("bench.sqlite"));
        storageNote = QStringLiteral(":memory: replaced by a temporary file for the whole run (raw twins need the C API to see the data)");
    }

    auto engine = check(Engine::open(url, Schema::pugs()), "open");
    std::unique_ptr<RawDb> raw;
    if (wantsRaw) {
        QString error;
        raw = RawDb::open(url, &error);
        if (!raw)
            die(QStringLiteral("raw twins: %1").arg(error));
    }

    QString server;
    {
        QSqlQuery q(engine->connection().database());
        if (q.exec(engine->dialect().name() == QLatin1String("postgres") ? QStringLiteral("SELECT version()")
                                                                            : QStringLiteral("SELECT 'sqlite ' || sqlite_version()"))
            && q.next())
            server = q.value(0).toString();
    }
    JsonLine meta;
    meta.add("op", "_meta").add("grumble", QStringLiteral(GRUMBLE_BENCH_VERSION)).add("qt", QString::fromUtf8(qVersion()));
    meta.add("dialect", engine->dialect().name()).add("server", server).add("storage", engine->connection().url().display());
    meta.add("engine_cursor", engine->connection().cursorKind());
    if (!storageNote.isEmpty())
        meta.add("storage_note", storageNote);
    if (raw)
        meta.add("raw_driver", raw->driverVersion());
    const qint64 P = qint64(A.owners) * A.pugsPerOwner;
    meta.add("owners", A.owners).add("pugsPerOwner", A.pugsPerOwner).add("friends", A.friends)
            .add("friendsPerPug", A.friendsPerPug).add("pugs", P).add("friendships", P * A.friendsPerPug)
            .add("reps", A.reps).add("warmup", A.warmup).add("seed", qint64(A.seed)).add("batch", A.batch);
    emitLine(meta);

    Bench bench(A, *engine, raw.get());
    bench.run();

    JsonLine done;
    done.add("op", "_process").add("maxRSS_MiB", std::max(bench.peakSoFar(), maxRssMiB())).add("totalQueries", engine->connection().statementCount());
    emitLine(done);
    raw.reset();
    engine.reset();
    return 0;
}
