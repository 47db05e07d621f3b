// readCatalog(): what a database made by hand holds (tests/fixtures/sql/*.sql), field by
// field, on every database of the matrix; a PostgreSQL schema other than public; a constant number
// of statements whatever the number of tables; and a SQLite file left byte for byte as it was.
#include "catalogreader.h"
#include "connection.h"
#include "statementlog.h"
#include "testdb.h"

#include <QCryptographicHash>
#include <QFile>
#include <QtTest>

using namespace grumble;

namespace {

#define GRUMBLE_VERIFY_OK(expr)                                                            \
    do {                                                                                   \
        const auto &grumble_r_ = (expr);                                                   \
        QVERIFY2(grumble_r_.ok(),                                                          \
                 qPrintable(grumble_r_.ok() ? QString() : grumble_r_.error().toString())); \
    } while (false)

//! Opens a connection or fails the test.
#define OPEN_CONNECTION(name, url)              \
    auto name##Opened_ = Connection::open(url); \
    GRUMBLE_VERIFY_OK(name##Opened_);           \
    std::unique_ptr<Connection> name = std::move(*name##Opened_)

//! The statements of a .sql fixture: each ends with ";" at the end of a line; "--" lines are
//! comments.
QStringList fixtureStatements(const QString &fileName)
{
    QFile file(QStringLiteral(GRUMBLE_SQL_FIXTURES) + QLatin1Char('/') + fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList statements;
    QString current;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        if (line.trimmed().startsWith(QLatin1String("--")))
            continue;
        current += line + QLatin1Char('\n');
        if (line.trimmed().endsWith(QLatin1Char(';'))) {
            statements << current.trimmed().chopped(1);
            current.clear();
        }
    }
    return statements;
}

//! Runs every statement of the dialect's fixture `<name>.<dialect>.sql` (context "fixture").
bool loadFixture(Connection &connection, const QString &name)
{
    ContextScope scope(connection, QStringLiteral("fixture"));
    const QStringList statements =
            fixtureStatements(QStringLiteral("%1.%2.sql").arg(name, connection.dialect().name()));
    for (const QString &statement : statements) {
        if (auto r = connection.execDirect(statement); !r) {
            qWarning("%s", qPrintable(r.error().toString()));
            return false;
        }
    }
    return !statements.isEmpty();
}

bool loadShop(Connection &connection)
{
    return loadFixture(connection, QStringLiteral("shop"));
}

//! Every field of a catalog as lines, one per table, column, foreign key and index.
QStringList describe(const Catalog &catalog)
{
    QStringList out;
    for (const CatalogTable &t : catalog.tables) {
        out << t.name + QStringLiteral(" pk=") + t.primaryKey.join(QLatin1Char(','));
        for (const CatalogColumn &c : t.columns) {
            QString line = t.name + QLatin1Char('.') + c.name + QLatin1Char(' ') + c.sqlType;
            if (c.notNull)
                line += QStringLiteral(" not-null");
            if (c.hasDefault)
                line += QStringLiteral(" default=") + c.defaultSql;
            else if (!c.defaultSql.isEmpty())
                line += QStringLiteral(" defaultSql-without-default=") + c.defaultSql;
            if (c.autoIncrement)
                line += QStringLiteral(" auto-increment");
            out << line;
        }
        for (const CatalogForeignKey &k : t.foreignKeys)
            out << QStringLiteral("%1 fk(%2) %3 -> %4(%5) delete=%6 update=%7")
                            .arg(t.name, k.name, k.columns.join(QLatin1Char(',')),
                                 k.referencedTable, k.referencedColumns.join(QLatin1Char(',')),
                                 k.onDelete, k.onUpdate);
        for (const CatalogIndex &i : t.indexes)
            out << QStringLiteral("%1 index %2 (%3)%4%5%6")
                            .arg(t.name, i.name, i.columns.join(QLatin1Char(',')),
                                 i.unique ? QStringLiteral(" unique") : QString(),
                                 i.constraint ? QStringLiteral(" constraint") : QString(),
                                 i.partial ? QStringLiteral(" partial") : QString());
    }
    return out;
}

const char *const kShopSqlite = R"(audit_log pk=
audit_log.at DATETIME
audit_log.message TEXT
customer_tags pk=customerId,tagId
customer_tags.customerId INTEGER not-null
customer_tags.tagId INTEGER not-null
customer_tags.addedBy TEXT
customer_tags fk() customerId -> customers(id) delete=CASCADE update=NO ACTION
customer_tags fk() tagId -> tags(id) delete=CASCADE update=NO ACTION
customers pk=id
customers.id INTEGER not-null auto-increment
customers.email VARCHAR(255) not-null
customers.name TEXT not-null default='anonymous'
customers.referrerId INTEGER
customers.createdAt DATETIME not-null
customers.updatedAt DATETIME not-null
customers fk() referrerId -> customers(id) delete=SET NULL update=NO ACTION
customers index sqlite_autoindex_customers_1 (email) unique constraint
order_lines pk=id
order_lines.id INTEGER not-null auto-increment
order_lines.orderId INTEGER not-null
order_lines.sku TEXT not-null
order_lines.variant INTEGER not-null
order_lines.quantity INTEGER not-null default=1
order_lines fk() orderId -> orders(id) delete=CASCADE update=NO ACTION
order_lines fk() sku,variant -> products(sku,variant) delete=NO ACTION update=NO ACTION
order_lines index sqlite_autoindex_order_lines_1 (orderId,sku,variant) unique constraint
orders pk=id
orders.id INTEGER not-null auto-increment
orders.buyerId INTEGER not-null
orders.recipientId INTEGER
orders.status VARCHAR(20) not-null default='new'
orders.placedAt DATETIME
orders fk() buyerId -> customers(id) delete=RESTRICT update=CASCADE
orders fk() recipientId -> customers(id) delete=SET NULL update=NO ACTION
orders index orders_one_open_per_buyer (buyerId) unique partial
orders index orders_placed (placedAt)
products pk=sku,variant
products.sku TEXT not-null
products.variant INTEGER not-null default=0
products.title TEXT
products.price MONEY
products.shape GEOMETRY
products.inStock TINYINT(1) default=1
tags pk=id
tags.id INTEGER not-null auto-increment
tags.label TEXT not-null
tags index tags_label (label) unique)";

const char *const kShopPostgres = R"(audit_log pk=
audit_log.at timestamp without time zone
audit_log.message text
customer_tags pk=customerId,tagId
customer_tags.customerId integer not-null
customer_tags.tagId integer not-null
customer_tags.addedBy text
customer_tags fk(customer_tags_customerId_fkey) customerId -> customers(id) delete=CASCADE update=NO ACTION
customer_tags fk(customer_tags_tagId_fkey) tagId -> tags(id) delete=CASCADE update=NO ACTION
customers pk=id
customers.id integer not-null default=nextval('customers_id_seq'::regclass) auto-increment
customers.email character varying(255) not-null
customers.name text not-null default='anonymous'::text
customers.referrerId integer
customers.createdAt timestamp with time zone not-null
customers.updatedAt timestamp with time zone not-null
customers fk(customers_referrerId_fkey) referrerId -> customers(id) delete=SET NULL update=NO ACTION
customers index customers_email_key (email) unique constraint
order_lines pk=id
order_lines.id bigint not-null default=nextval('order_lines_id_seq'::regclass) auto-increment
order_lines.orderId integer not-null
order_lines.sku text not-null
order_lines.variant integer not-null
order_lines.quantity integer not-null default=1
order_lines fk(order_lines_orderId_fkey) orderId -> orders(id) delete=CASCADE update=NO ACTION
order_lines fk(order_lines_sku_variant_fkey) sku,variant -> products(sku,variant) delete=NO ACTION update=NO ACTION
order_lines index order_lines_order_product (orderId,sku,variant) unique constraint
orders pk=id
orders.id integer not-null auto-increment
orders.buyerId integer not-null
orders.recipientId integer
orders.status character varying(20) not-null default='new'::character varying
orders.placedAt timestamp without time zone
orders fk(orders_buyerId_fkey) buyerId -> customers(id) delete=RESTRICT update=CASCADE
orders fk(orders_recipientId_fkey) recipientId -> customers(id) delete=SET NULL update=NO ACTION
orders index orders_one_open_per_buyer (buyerId) unique partial
orders index orders_placed (placedAt)
products pk=sku,variant
products.sku text not-null
products.variant integer not-null default=0
products.title text
products.ip inet
products.token uuid
products.valid int4range
products.feeling mood
products.stock positive_int
products.inStock boolean default=true
tags pk=id
tags.id integer not-null default=nextval('tags_id_seq'::regclass) auto-increment
tags.label text not-null
tags index tags_label (label) unique)";

const char *const kEdgesSqlite = R"(Odd Name pk=the id
Odd Name.the id INTEGER not-null auto-increment
Odd Name.shout TEXT
codes pk=code
codes.code TEXT not-null
codes.n INTEGER
descending pk=id
descending.id INTEGER
descending.note TEXT
intkey pk=id
intkey.id INT
links pk=id
links.id INTEGER not-null auto-increment
links.codeRef TEXT
links.oddId INTEGER
links.goneId INTEGER
links fk() codeRef -> codes(code) delete=NO ACTION update=NO ACTION
links fk() oddId -> Odd Name(the id) delete=NO ACTION update=SET DEFAULT
links fk() goneId -> nowhere(id) delete=NO ACTION update=NO ACTION
links index links_lower ())";

const char *const kEdgesPostgres = R"(Odd Name pk=the id
Odd Name.the id integer not-null auto-increment
Odd Name.shout text
Odd Name.note text
codes pk=code
codes.code text not-null
codes.n integer
codes.extra text
codes index codes_n_incl (n) unique
links pk=id
links.id bigint not-null
links.codeRef text
links.oddId integer
links.label text
links fk(links_codeRef_fkey) codeRef -> codes(code) delete=NO ACTION update=NO ACTION
links fk(links_oddId_fkey) oddId -> Odd Name(the id) delete=NO ACTION update=SET DEFAULT
links index links_lower ()
measurements pk=id,at
measurements.id integer not-null
measurements.at date not-null)";

QStringList expectedShop(const QString &dialect)
{
    return QString::fromUtf8(dialect == QLatin1String("postgres") ? kShopPostgres : kShopSqlite)
            .split(QLatin1Char('\n'));
}

//! Creates tables t<from> .. t<to - 1>, each with a unique column and a foreign key to the
//! previous one.
bool createChain(Connection &connection, int from, int to)
{
    for (int i = from; i < to; ++i) {
        const QString previous = i == 0 ? QStringLiteral("t0000")
                                        : QStringLiteral("t%1").arg(i - 1, 4, 10, QLatin1Char('0'));
        const QString sql = QStringLiteral("CREATE TABLE t%1 (id INTEGER PRIMARY KEY, name "
                                           "VARCHAR(40) NOT NULL UNIQUE,"
                                           " prevId INTEGER REFERENCES %2 (id))")
                                    .arg(i, 4, 10, QLatin1Char('0'))
                                    .arg(previous);
        if (!connection.execDirect(sql).ok())
            return false;
    }
    return true;
}

QString journalMode(Connection &connection)
{
    auto cursor = connection.exec(QStringLiteral("PRAGMA journal_mode"));
    if (!cursor || !(*cursor)->next())
        return QStringLiteral("?");
    const QString mode = (*cursor)->value(0).toString();
    (*cursor)->finish();
    return mode;
}

} // namespace

class tst_Catalog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data() { grumble::test::addDatabaseRows(); }
    void shop();
    void edges();
    void statementsDoNotGrowWithTables();
    void readingChangesNothing();
    void postgresSchema();
    void urlSchemaParameter();
};

void tst_Catalog::shop()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    OPEN_CONNECTION(connection, dbUrl);
    QVERIFY(loadShop(*connection));
    test::StatementLog log(*connection);
    auto catalog = readCatalog(*connection);
    GRUMBLE_VERIFY_OK(catalog);
    QCOMPARE(catalog->dialect, connection->dialect().name());
    QCOMPARE(catalog->namespaceName,
             connection->dialect().name() == QLatin1String("postgres") ? QStringLiteral("public")
                                                                       : QStringLiteral("main"));
    QCOMPARE(describe(*catalog), expectedShop(catalog->dialect));
    // What inference relies on: lookups and uniqueness.
    const CatalogTable *lines = catalog->table(QStringLiteral("ORDER_LINES"));
    QVERIFY(lines);
    QVERIFY(lines->isUniqueOn(
            { QStringLiteral("variant"), QStringLiteral("sku"), QStringLiteral("orderId") }));
    QVERIFY(lines->column(QStringLiteral("ORDERID")));
    const CatalogTable *orders = catalog->table(QStringLiteral("orders"));
    QVERIFY(!orders->isUniqueOn({ QStringLiteral("buyerId") })); // only a partial unique index
    QVERIFY(catalog->table(QStringLiteral("customer_tags"))
                    ->isUniqueOn({ QStringLiteral("tagId"), QStringLiteral("customerId") }));
    QVERIFY(!catalog->table(QStringLiteral("open_orders")));
    QCOMPARE(log.in(QStringLiteral("read catalog")).size(), 3);
}

void tst_Catalog::edges()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    OPEN_CONNECTION(connection, dbUrl);
    QVERIFY(loadFixture(*connection, QStringLiteral("edges")));
    auto catalog = readCatalog(*connection);
    GRUMBLE_VERIFY_OK(catalog);
    const bool postgres = connection->dialect().name() == QLatin1String("postgres");
    QCOMPARE(describe(*catalog),
             QString::fromUtf8(postgres ? kEdgesPostgres : kEdgesSqlite).split(QLatin1Char('\n')));
}

void tst_Catalog::statementsDoNotGrowWithTables()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    OPEN_CONNECTION(connection, dbUrl);
    test::StatementLog log(*connection);
    QVERIFY(createChain(*connection, 0, 3));
    log.clear();
    auto small = readCatalog(*connection);
    GRUMBLE_VERIFY_OK(small);
    QCOMPARE(small->tables.size(), 3);
    const QList<SqlLogEntry> forThree = log.in(QStringLiteral("read catalog"));

    QVERIFY(createChain(*connection, 3, 30));
    log.clear();
    auto large = readCatalog(*connection);
    GRUMBLE_VERIFY_OK(large);
    QCOMPARE(large->tables.size(), 30);
    const QList<SqlLogEntry> forThirty = log.in(QStringLiteral("read catalog"));
    QCOMPARE(forThirty.size(), forThree.size());
    QCOMPARE(forThirty.size(), 3);
    for (const SqlLogEntry &e : forThirty) {
        QVERIFY2(e.ok, qPrintable(e.error));
        QVERIFY2(e.sql.startsWith(QLatin1String("SELECT ")), qPrintable(e.sql));
    }
    const CatalogTable &last = large->tables.last();
    QCOMPARE(last.name, QStringLiteral("t0029"));
    QCOMPARE(last.foreignKeys.size(), 1);
    QCOMPARE(last.foreignKeys.first().referencedTable, QStringLiteral("t0028"));
    QVERIFY(last.isUniqueOn({ QStringLiteral("name") }));
}

void tst_Catalog::readingChangesNothing()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    QStringList first;
    QString path;
    {
        OPEN_CONNECTION(loader, dbUrl);
        QVERIFY(loadShop(*loader));
        path = loader->url().path;
        if (loader->dialect().name() != QLatin1String("sqlite")
            || path == QLatin1String(":memory:")) {
            // Nothing to compare byte for byte: reading twice gives the same, with SELECTs only.
            test::StatementLog log(*loader);
            auto once = readCatalog(*loader);
            auto twice = readCatalog(*loader);
            GRUMBLE_VERIFY_OK(once);
            GRUMBLE_VERIFY_OK(twice);
            QCOMPARE(describe(*twice), describe(*once));
            for (const SqlLogEntry &e : log.in(QStringLiteral("read catalog")))
                QVERIFY2(e.sql.startsWith(QLatin1String("SELECT ")) && !e.control,
                         qPrintable(e.sql));
            QCOMPARE(log.in(QStringLiteral("read catalog")).size(), 6);
            return;
        }
    }
    const QByteArray before = test::fileSha256(path);
    QVERIFY(!before.isEmpty());
    {
        OPEN_CONNECTION(reader, dbUrl);
        const QString modeBefore = journalMode(*reader);
        auto catalog = readCatalog(*reader);
        GRUMBLE_VERIFY_OK(catalog);
        QCOMPARE(describe(*catalog), expectedShop(QStringLiteral("sqlite")));
        QCOMPARE(journalMode(*reader), modeBefore);
        QCOMPARE(modeBefore, QStringLiteral("delete"));
    }
    QCOMPARE(test::fileSha256(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
}

void tst_Catalog::postgresSchema()
{
    QFETCH_GLOBAL(QString, url);
    const QString dbUrl = grumble::test::freshUrl(url);
    GRUMBLE_REQUIRE_DB(dbUrl);
    OPEN_CONNECTION(publicConnection, dbUrl);
    if (publicConnection->dialect().name() != QLatin1String("postgres")) {
        // SQLite has one namespace, "main".
        QCOMPARE(publicConnection->url().schema, QStringLiteral("main"));
        auto catalog = readCatalog(*publicConnection);
        GRUMBLE_VERIFY_OK(catalog);
        QCOMPARE(catalog->namespaceName, QStringLiteral("main"));
        QVERIFY(catalog->tables.isEmpty());
        return;
    }
    QCOMPARE(publicConnection->url().schema, QStringLiteral("public"));
    GRUMBLE_VERIFY_OK(publicConnection->execDirect(QStringLiteral("CREATE SCHEMA shop")));
    GRUMBLE_VERIFY_OK(publicConnection->execDirect(QStringLiteral(
            "CREATE TABLE audit_log (id SERIAL PRIMARY KEY, \"onlyInPublic\" TEXT)")));

    OPEN_CONNECTION(shopConnection, dbUrl + QStringLiteral("?schema=shop"));
    QCOMPARE(shopConnection->url().schema, QStringLiteral("shop"));
    QVERIFY(loadShop(*shopConnection));
    GRUMBLE_VERIFY_OK(shopConnection->execDirect(
            QStringLiteral("CREATE TABLE zz_links (id INTEGER PRIMARY KEY, \"auditId\" INTEGER "
                           "REFERENCES public.audit_log (id))")));
    auto catalog = readCatalog(*shopConnection);
    GRUMBLE_VERIFY_OK(catalog);
    QCOMPARE(catalog->namespaceName, QStringLiteral("shop"));
    QCOMPARE(describe(*catalog).mid(0, expectedShop(QStringLiteral("postgres")).size()),
             expectedShop(QStringLiteral("postgres")));
    QCOMPARE(catalog->tables.last().foreignKeys.first().referencedTable,
             QStringLiteral("public.audit_log"));

    // The engine's unqualified names and listTablesSql() are the schema's.
    auto listed = shopConnection->exec(shopConnection->dialect().listTablesSql());
    GRUMBLE_VERIFY_OK(listed);
    QStringList tables;
    while ((*listed)->next())
        tables << (*listed)->value(0).toString();
    (*listed)->finish();
    tables.sort();
    QCOMPARE(
            tables.join(QLatin1Char(' ')),
            QStringLiteral(
                    "audit_log customer_tags customers order_lines orders products tags zz_links"));
    GRUMBLE_VERIFY_OK(shopConnection->exec(QStringLiteral("SELECT at, message FROM audit_log")));

    auto publicCatalog = readCatalog(*publicConnection);
    GRUMBLE_VERIFY_OK(publicCatalog);
    QCOMPARE(describe(*publicCatalog),
             QStringList({ QStringLiteral("audit_log pk=id"),
                           QStringLiteral(
                                   "audit_log.id integer not-null "
                                   "default=nextval('audit_log_id_seq'::regclass) auto-increment"),
                           QStringLiteral("audit_log.onlyInPublic text") }));

    OPEN_CONNECTION(missing, dbUrl + QStringLiteral("?schema=nope"));
    auto none = readCatalog(*missing);
    QVERIFY(!none.ok());
    QCOMPARE(none.error().kind, ErrorKind::Connection);
    QVERIFY2(none.error().message.contains(QLatin1String("'nope' does not exist")),
             qPrintable(none.error().message));
}

void tst_Catalog::urlSchemaParameter()
{
    auto plain = DatabaseUrl::parse(QStringLiteral("postgresql://u@host:5433/db"));
    GRUMBLE_VERIFY_OK(plain);
    QCOMPARE(plain->schema, QStringLiteral("public"));
    QCOMPARE(plain->display(), QStringLiteral("postgresql://u@host:5433/db"));
    auto shop = DatabaseUrl::parse(QStringLiteral("postgres://u:secret@host/db?schema=My%20Shop"));
    GRUMBLE_VERIFY_OK(shop);
    QCOMPARE(shop->schema, QStringLiteral("My Shop"));
    QCOMPARE(shop->database, QStringLiteral("db"));
    QCOMPARE(shop->display(), QStringLiteral("postgresql://u@host:5432/db?schema=My Shop"));
    auto unknown = DatabaseUrl::parse(QStringLiteral("postgresql://u@host/db?sslmode=require"));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().kind, ErrorKind::Connection);
    QVERIFY2(unknown.error().message.contains(QLatin1String("Unknown parameter 'sslmode'")),
             qPrintable(unknown.error().message));
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("postgresql://u@host/db?schema=")).ok());
    auto file = DatabaseUrl::parse(QStringLiteral("sqlite:/tmp/x.sqlite"));
    GRUMBLE_VERIFY_OK(file);
    QCOMPARE(file->schema, QStringLiteral("main"));
}

QTEST_GUILESS_MAIN(tst_Catalog)
#include "tst_catalog.moc"
