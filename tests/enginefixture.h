#pragma once
// Shared by the engine's database tests: opens a fresh database of the matrix row, seeds the
// reference scenario of ../shared/reference (owners Alice Bob Carol; pugs Cody Frank Gus Rex;
// friends Fido Spot Max) and counts statements.

#include "engine.h"
#include "testdb.h"

#include <QtTest>

namespace grumble::test {

inline QString describe(const Error &e)
{
    return e.toString();
}

//! Verifies a Result is ok, printing its error otherwise; evaluates the expression once.
#define GRUMBLE_VERIFY_OK(expr)                                                                    \
    do {                                                                                           \
        const auto &grumble_r_ = (expr);                                                           \
        QVERIFY2(grumble_r_.ok(), qPrintable(grumble_r_.ok() ? QString() : grumble_r_.error().toString())); \
    } while (false)

class Db
{
public:
    std::unique_ptr<Engine> engine;

    bool open(const QString &url, Schema schema = Schema::pugs())
    {
        auto e = Engine::open(url, std::move(schema));
        if (!e.ok()) {
            m_error = e.error().toString();
            return false;
        }
        engine = std::move(*e);
        auto s = engine->sync(true);
        if (!s.ok()) {
            m_error = s.error().toString();
            return false;
        }
        return true;
    }
    QString error() const { return m_error; }
    Engine *operator->() { return engine.get(); }

    Record get(const QString &model, qint64 id)
    {
        auto r = engine->findByPk(model, id);
        return r.ok() ? *r : Record();
    }
    quint64 statements() const { return engine->connection().statementCount(); }

    //! The reference scenario: owners Alice(1) Bob(2) Carol(3); pugs Cody(1) Frank(2) Gus(3)
    //! Rex(4), none owned; friends Fido(1) Spot(2) Max(3); no friendships.
    bool seed()
    {
        QList<QVariantMap> owners, pugs, friends;
        for (const char *n : { "Alice", "Bob", "Carol" })
            owners << QVariantMap { { QStringLiteral("name"), QString::fromLatin1(n) } };
        for (const char *n : { "Cody", "Frank", "Gus", "Rex" })
            pugs << QVariantMap { { QStringLiteral("name"), QString::fromLatin1(n) } };
        for (const char *n : { "Fido", "Spot", "Max" })
            friends << QVariantMap { { QStringLiteral("name"), QString::fromLatin1(n) } };
        return engine->bulkCreate(QStringLiteral("owner"), owners).ok() && engine->bulkCreate(QStringLiteral("pug"), pugs).ok()
                && engine->bulkCreate(QStringLiteral("friend"), friends).ok();
    }

    //! "Cody:null Frank:1 ..." for the pugs' owners.
    QString owners()
    {
        auto r = engine->findAll(QStringLiteral("pug"));
        QStringList out;
        for (const Record &p : *r)
            out << p.value(QStringLiteral("name")).toString() + QLatin1Char(':')
                            + (p.value(QStringLiteral("ownerId")).isNull() ? QStringLiteral("null")
                                                                           : p.value(QStringLiteral("ownerId")).toString());
        return out.join(QLatin1Char(' '));
    }

    //! "2-1 2-3" pairs pugId-friendId of the join table, sorted.
    QString friendships()
    {
        FindOptions o;
        o.order = { QVariantList { QStringLiteral("pugId"), QStringLiteral("ASC") },
                    QVariantList { QStringLiteral("friendId"), QStringLiteral("ASC") } };
        auto r = engine->findAll(QStringLiteral("friendship"), o);
        QStringList out;
        for (const Record &j : *r)
            out << j.value(QStringLiteral("pugId")).toString() + QLatin1Char('-') + j.value(QStringLiteral("friendId")).toString();
        return out.join(QLatin1Char(' '));
    }

private:
    QString m_error;
};

inline QVariant rec(const Record &r)
{
    return QVariant::fromValue(r);
}

//! One argument that is a list (a braced QVariantList would be taken as the argument list itself).
inline QVariant arr(std::initializer_list<QVariant> items)
{
    return QVariant(QVariantList(items));
}

inline QStringList names(const QVariant &v)
{
    QStringList out;
    for (const Record &r : v.value<RecordList>())
        out << r.value(QStringLiteral("name")).toString();
    return out;
}

} // namespace grumble::test

#define GRUMBLE_OPEN(db, ...)                                                                      \
    QFETCH_GLOBAL(QString, url);                                                                   \
    const QString freshUrl_ = ::grumble::test::freshUrl(url);                                      \
    GRUMBLE_REQUIRE_DB(freshUrl_);                                                                 \
    ::grumble::test::Db db;                                                                        \
    QVERIFY2(db.open(freshUrl_, ##__VA_ARGS__), qPrintable(db.error()))
