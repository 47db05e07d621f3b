#include "databaseurl.h"
#include "dialect.h"
#include "dialect_p.h"
#include "timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QStringList>
#include <QUrl>

#include <charconv>

namespace grumble {

namespace {

class SqliteDialect final : public Dialect
{
public:
    QString name() const override { return QStringLiteral("sqlite"); }
    QString qtDriver() const override { return QStringLiteral("QSQLITE"); }
    QString quote(const QString &id) const override { return quoteWith(id, QLatin1Char('`')); }
    QString columnType(const Attribute &a) const override
    {
        switch (a.type) {
        case DataType::Float: return QStringLiteral("FLOAT");
        case DataType::Boolean: return QStringLiteral("TINYINT(1)");
        case DataType::Date: return QStringLiteral("DATETIME");
        default: return Dialect::columnType(a);
        }
    }
    QString autoIncrementPrimaryKey(const Attribute &) const override
    {
        return QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
    }
    bool inlineAutoIncrementKey() const override { return true; }
    QStringList connectionSetup() const override
    {
        return { QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("PRAGMA synchronous = NORMAL"), QStringLiteral("PRAGMA busy_timeout = 5000"),
                 QStringLiteral("PRAGMA cache_size = -65536"), QStringLiteral("PRAGMA temp_store = MEMORY"),
                 // Checkpoint every ~40 MB of WAL instead of every 4 MB: each checkpoint syncs the
                 // file, and bulk writes that touch pages all over an index (a join table's primary
                 // key) otherwise checkpoint after almost every transaction. The WAL file is cut
                 // back to 64 MB after a checkpoint.
                 QStringLiteral("PRAGMA wal_autocheckpoint = 10000"), QStringLiteral("PRAGMA journal_size_limit = 67108864") };
    }
    //! WAL is a property of the file, kept after we close it: only for databases Grumble creates.
    QStringList newDatabaseSetup() const override { return { QStringLiteral("PRAGMA journal_mode = WAL") }; }
    QString beginWrite() const override { return QStringLiteral("BEGIN IMMEDIATE"); }
    int maxIdentifierLength() const override { return 0; }
    int maxBindParameters() const override { return 32766; }
    int preferredBindParameters() const override { return qEnvironmentVariableIntValue("GRUMBLE_SQLITE_BIND") > 0 ? qEnvironmentVariableIntValue("GRUMBLE_SQLITE_BIND") : 500; }
    QString inKeyList(const QString &col, DataType) const override
    {
        return col + QStringLiteral(" IN (SELECT value FROM json_each(?))");
    }
    QVariant keyListBinding(const QVariantList &keys, DataType type) const override
    {
        QString s;
        s.reserve(keys.size() * 8 + 2);
        s += QLatin1Char('[');
        bool first = true;
        const bool numeric = type == DataType::Integer || type == DataType::BigInt;
        for (const QVariant &k : keys) {
            if (!first)
                s += QLatin1Char(',');
            first = false;
            if (numeric)
                s += QString::number(k.toLongLong());
            else
                s += Dialect::toDb(DataType::Json, k).toString();
        }
        s += QLatin1Char(']');
        return s;
    }
    QString limitOffset(bool hasLimit, bool hasOffset) const override
    {
        if (!hasLimit && !hasOffset)
            return QString();
        return (hasLimit ? QStringLiteral(" LIMIT ?") : QStringLiteral(" LIMIT -1"))
                + (hasOffset ? QStringLiteral(" OFFSET ?") : QString());
    }
    QString listTablesSql() const override
    {
        return QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    }
    QString dropTable(const QString &table) const override
    {
        return QStringLiteral("DROP TABLE IF EXISTS ") + quote(table);
    }
    QVariant toDb(DataType type, const QVariant &v) const override
    {
        if (type == DataType::Date && !v.isNull() && v.metaType().id() == QMetaType::QDateTime)
            return formatTimestampForStorage(v.toDateTime());
        if (type == DataType::Boolean && !v.isNull())
            return v.toBool() ? 1 : 0;
        return Dialect::toDb(type, v);
    }

    QString driverPackage() const override { return QStringLiteral("libqt6sql6-sqlite"); }
    Result<void> checkBeforeOpen(const DatabaseUrl &url) const override
    {
        if (url.path == QLatin1String(":memory:"))
            return {};
        const QFileInfo file(url.path);
        if (!file.absoluteDir().exists())
            return makeError(ErrorKind::Connection, QStringLiteral("Cannot open '%1': the folder %2 does not exist")
                                                            .arg(url.path, file.absolutePath()));
        return {};
    }
    bool opensReadOnly(const DatabaseUrl &url) const override
    {
        // SQLite writes a journal (or -wal/-shm) next to the file, so a read-only folder counts too.
        const QFileInfo file(url.path);
        return url.path != QLatin1String(":memory:") && file.exists()
                && (!file.isWritable() || !QFileInfo(file.absolutePath()).isWritable());
    }
    QString connectOptions() const override { return QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"); }
    void configure(QSqlDatabase &db, const DatabaseUrl &url) const override
    {
        db.setDatabaseName(url.path);
        if (!opensReadOnly(url)) {
            db.setConnectOptions(connectOptions());
            return;
        }
        db.setConnectOptions(connectOptions() + QStringLiteral(";QSQLITE_OPEN_READONLY"));
        // In a folder nobody here may write to, SQLite cannot make the -shm file a WAL database needs
        // to be read: opened immutable (changes made meanwhile by someone who may write are not seen).
        const QFileInfo file(url.path);
        if (!QFileInfo(file.absolutePath()).isWritable()) {
            db.setDatabaseName(QUrl::fromLocalFile(file.absoluteFilePath()).toString(QUrl::FullyEncoded)
                               + QStringLiteral("?immutable=1"));
            db.setConnectOptions(connectOptions() + QStringLiteral(";QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
        }
    }
    ErrorKind classifyError(const QString &code, const QString &text) const override
    {
        // Extended result codes: SQLITE_CONSTRAINT_FOREIGNKEY 787, _UNIQUE 2067, _PRIMARYKEY 1555.
        // QSQLITE's own path may give only the message, so that is matched as well.
        if (code == QLatin1String("787") || text.contains(QLatin1String("FOREIGN KEY constraint failed")))
            return ErrorKind::ForeignKey;
        if (code == QLatin1String("2067") || code == QLatin1String("1555")
            || text.contains(QLatin1String("UNIQUE constraint failed")))
            return ErrorKind::UniqueConstraint;
        if (text.contains(QLatin1String("NOT NULL constraint failed")))
            return ErrorKind::Validation;
        return ErrorKind::Database;
    }
};

} // namespace

std::unique_ptr<Dialect> makeSqliteDialect()
{
    return std::make_unique<SqliteDialect>();
}

} // namespace grumble
