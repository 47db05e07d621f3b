// Inserts: create / bulkCreate and the accessors' join rows, as multi-row INSERT ... RETURNING.
//
// Every row is validated and converted before the first statement. Rows that let the database
// pick their key and rows that give it go in two passes (their column lists differ); each pass
// runs one statement per chunk of rows (as many as the dialect's bind parameters allow), every full
// chunk with the same text, so the prepared statement is reused.

#include "enginecore.h"
#include "foreignkeyerror.h"
#include "retry.h"

#include <algorithm>

namespace grumble {

namespace {

//! One pass of an insert: the rows that share a column list and the statement text they run.
struct InsertPass
{
    QVector<int> columns; //!< attribute indices bound per row
    QVector<int>
            generatedColumns; //!< attribute indices the database generates (auto-increment keys)
    QVector<int> members; //!< indices of the rows of this pass
    QString returning; //!< " RETURNING ..." / " ON CONFLICT DO NOTHING" / empty
    bool singleIgnorable = false; //!< one row that may be skipped: its row count tells
    QString head; //!< INSERT INTO "t" ("a", "b") VALUES
    QString rowPlaceholders; //!< (?, ?)
    QString fullChunkSql; //!< every full chunk runs the same text
};

//! Inserts rows of one model and builds their records, in the order of the rows given.
class RowInserter
{
public:
    RowInserter(EngineCore &core, const Model &model, const QList<QVariantMap> &rows,
                bool ignoreDuplicates)
        : m_core(core),
          m_model(model),
          m_rows(rows),
          m_ignoreDuplicates(ignoreDuplicates),
          m_columnCount(int(model.attributes.size()))
    { }

    Result<RecordList> run()
    {
        m_now = m_core.dialect.toDb(DataType::Date, m_core.now()); // formatted once for every row
        m_nowRead = m_core.dialect.fromDb(DataType::Date, m_now); // what reading it back gives
        m_prepared.reserve(m_rows.size());
        for (int row = 0; row < m_rows.size(); ++row)
            GRUMBLE_TRY(prepareRow(row));
        Connection &connection = m_core.connection;
        ContextScope scope(connection,
                           m_rows.size() == 1 ? QStringLiteral("%1.create").arg(m_model.name)
                                              : QStringLiteral("%1.bulkCreate").arg(m_model.name));
        m_made.resize(m_rows.size());
        m_inserted.fill(false, m_rows.size());
        m_perStatement = qMax(
                1, qMin(m_core.dialect.preferredBindParameters() / qMax(1, m_columnCount), 2000));
        // One statement needs no transaction; more run in one.
        const bool manyStatements = needsManyStatements();
        Transaction tx(connection);
        if (manyStatements)
            GRUMBLE_TRY(tx.start());
        for (const bool generatedKeys : { true, false })
            GRUMBLE_TRY(insertPass(generatedKeys));
        if (manyStatements)
            GRUMBLE_TRY(tx.commit());
        return insertedRecords();
    }

private:
    QString rowPrefix(int row) const
    {
        return m_rows.size() > 1 ? QStringLiteral("row %1: ").arg(row + 1) : QString();
    }

    //! Checks one row and converts its values for binding (invalid QVariant: the database picks it).
    Result<void> prepareRow(int rowIndex)
    {
        const QVariantMap &values = m_rows.at(rowIndex);
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (m_model.indexOf(it.key()) < 0)
                return m_core.unknownAttribute(m_model, it.key());
        }
        QVector<QVariant> row(m_columnCount);
        bool autoKey = false;
        for (int i = 0; i < m_columnCount; ++i) {
            const Attribute &a = m_model.attributes.at(i);
            auto it = values.find(a.name);
            if (it != values.end() && !(a.autoIncrement && it.value().isNull())) {
                auto v = m_core.coerceForWrite(m_model, a, it.value());
                if (!v) {
                    v.error().message = rowPrefix(rowIndex) + v.error().message;
                    return v.error();
                }
                row[i] = m_core.bindValue(a, *v);
            } else if (a.timestamp) {
                row[i] = m_now;
            } else if (a.autoIncrement) {
                autoKey = true;
            } else if (a.defaultValue.isValid()) {
                row[i] = m_core.bindValue(a, a.defaultValue);
            } else if (!a.allowNull && a.defaultSql.isEmpty()) {
                return validationError(QStringLiteral("%1%2.%3 cannot be null")
                                               .arg(rowPrefix(rowIndex), m_model.name, a.name));
            }
        }
        m_prepared << row;
        m_hasAutoKey << autoKey;
        return {};
    }

    bool needsManyStatements() const
    {
        const int rows = int(m_rows.size());
        const int autoRows = int(std::count(m_hasAutoKey.begin(), m_hasAutoKey.end(), true));
        const int boundColumns =
                int(std::count_if(m_model.attributes.begin(), m_model.attributes.end(),
                                  [](const Attribute &a) { return !a.autoIncrement; }));
        return (autoRows > 0 && rows - autoRows > 0) || rows > m_perStatement
                || (boundColumns == 0 && rows > 1);
    }

    //! " RETURNING every column", after ON CONFLICT DO NOTHING when duplicates are skipped.
    QString returningAll() const
    {
        return (m_ignoreDuplicates ? m_core.dialect.onConflictDoNothing() : QString())
                + QStringLiteral(" RETURNING ") + m_core.selectList(m_model, QString());
    }

    //! A column with a default the database computes (defaultSql) that no row of the pass gives.
    bool leftToDatabase(const InsertPass &pass, int column) const
    {
        if (m_model.attributes.at(column).defaultSql.isEmpty())
            return false;
        return std::none_of(pass.members.begin(), pass.members.end(),
                            [&](int row) { return m_prepared.at(row).at(column).isValid(); });
    }

    InsertPass planPass(bool generatedKeys) const
    {
        InsertPass pass;
        for (int row = 0; row < m_prepared.size(); ++row) {
            if (m_hasAutoKey.at(row) == generatedKeys)
                pass.members << row;
        }
        for (int i = 0; i < m_columnCount; ++i) {
            if (leftToDatabase(pass, i))
                continue;
            (generatedKeys && m_model.attributes.at(i).autoIncrement ? pass.generatedColumns
                                                                     : pass.columns)
                    << i;
        }
        // Without ON CONFLICT every row is inserted, so the database only has to hand back the keys
        // it generated; the other values are the ones bound, read the way a SELECT would read them.
        // With ON CONFLICT DO NOTHING the inserted rows are whole in RETURNING (the skipped ones
        // are not). One row that may be skipped: whether it went in is the number of rows changed,
        // and a RETURNING clause would cost SQLite more than the insert itself (addFriend).
        pass.singleIgnorable =
                m_ignoreDuplicates && pass.members.size() == 1 && pass.generatedColumns.isEmpty();
        if (pass.singleIgnorable) {
            pass.returning = m_core.dialect.onConflictDoNothing();
        } else if (m_ignoreDuplicates) {
            pass.returning = returningAll();
        } else {
            QStringList generated;
            for (int i : pass.generatedColumns)
                generated << m_core.selected(QString(), m_model.attributes.at(i));
            if (!generated.isEmpty())
                pass.returning =
                        QStringLiteral(" RETURNING ") + generated.join(QStringLiteral(", "));
        }
        pass.head = QStringLiteral("INSERT INTO ") + m_core.table(m_model) + QStringLiteral(" (");
        pass.rowPlaceholders = QStringLiteral("(");
        for (int j = 0; j < pass.columns.size(); ++j) {
            if (j) {
                pass.head += QStringLiteral(", ");
                pass.rowPlaceholders += QStringLiteral(", ");
            }
            pass.head += m_core.dialect.quote(m_model.attributes.at(pass.columns.at(j)).field);
            pass.rowPlaceholders += QLatin1Char('?');
        }
        pass.rowPlaceholders += QLatin1Char(')');
        pass.head += QStringLiteral(") VALUES ");
        return pass;
    }

    //! The rows that let the database pick the key (generatedKeys), or the rows that give it.
    Result<void> insertPass(bool generatedKeys)
    {
        InsertPass pass = planPass(generatedKeys);
        if (pass.members.isEmpty())
            return {};
        if (pass.columns.isEmpty())
            return insertDefaultValues(pass);
        for (int start = 0; start < pass.members.size(); start += m_perStatement)
            GRUMBLE_TRY(insertChunk(pass, start,
                                    qMin(m_perStatement, int(pass.members.size()) - start)));
        return {};
    }

    //! DEFAULT VALUES inserts one row per statement.
    Result<void> insertDefaultValues(const InsertPass &pass)
    {
        const SqlFragment sql(QStringLiteral("INSERT INTO ") + m_core.table(m_model)
                              + QStringLiteral(" DEFAULT VALUES") + returningAll());
        for (int row : pass.members) {
            auto inserted = m_core.selectRecords(m_model, sql);
            if (!inserted)
                return inserted.error();
            if (!inserted->isEmpty())
                setRecord(row, inserted->first());
            else if (m_core.pretending())
                recordFromBinds(row, {}, pass.generatedColumns);
        }
        return {};
    }

    SqlFragment chunkStatement(InsertPass &pass, int start, int count) const
    {
        SqlFragment statement;
        if (count == m_perStatement && !pass.fullChunkSql.isEmpty()) {
            statement.text = pass.fullChunkSql;
        } else {
            QString &sql = statement.text;
            sql = pass.head;
            sql.reserve(pass.head.size() + count * (pass.rowPlaceholders.size() + 2)
                        + pass.returning.size());
            for (int k = 0; k < count; ++k) {
                if (k)
                    sql += QStringLiteral(", ");
                sql += pass.rowPlaceholders;
            }
            sql += pass.returning;
            if (count == m_perStatement)
                pass.fullChunkSql = sql;
        }
        statement.bindings.reserve(count * pass.columns.size());
        for (int k = 0; k < count; ++k) {
            const QVector<QVariant> &row = m_prepared.at(pass.members.at(start + k));
            for (int column : pass.columns)
                statement.bindings << row.at(column);
        }
        return statement;
    }

    Result<void> insertChunk(InsertPass &pass, int start, int count)
    {
        const SqlFragment statement = chunkStatement(pass, start, count);
        if (pass.singleIgnorable) {
            auto changed = m_core.execAffected(statement);
            if (!changed)
                return changed.error();
            if (*changed > 0 || m_core.pretending())
                recordFromBinds(pass.members.first(), {}, {});
            return {};
        }
        if (m_ignoreDuplicates)
            return matchInsertedRows(pass, start, count, statement);
        auto cursor = m_core.exec(statement);
        if (!cursor)
            return cursor.error();
        return readGeneratedKeys(pass, start, count, **cursor);
    }

    //! Generated keys grow in the order the rows were inserted, whatever order RETURNING lists
    //! them in: sorted, the k-th belongs to the k-th row of the statement.
    Result<void> readGeneratedKeys(const InsertPass &pass, int start, int count, Cursor &cursor)
    {
        QVector<QVariantList> keys;
        if (!pass.generatedColumns.isEmpty()) {
            keys.reserve(count);
            while (cursor.next()) {
                QVariantList generated;
                for (int j = 0; j < pass.generatedColumns.size(); ++j)
                    generated << cursor.typed(
                            j, m_model.attributes.at(pass.generatedColumns.at(j)).type);
                keys << generated;
            }
        }
        cursor.finish();
        if (pass.generatedColumns.isEmpty()
            || (keys.isEmpty() && m_core.pretending())) { // keys left null
            for (int k = 0; k < count; ++k)
                recordFromBinds(pass.members.at(start + k), {}, pass.generatedColumns);
            return {};
        }
        if (keys.size() != count)
            return makeError(
                    ErrorKind::Database,
                    QStringLiteral("%1.bulkCreate: the database returned %2 keys for %3 rows")
                            .arg(m_model.name)
                            .arg(keys.size())
                            .arg(count));
        std::sort(keys.begin(), keys.end(), [](const QVariantList &a, const QVariantList &b) {
            return a.first().toLongLong() < b.first().toLongLong();
        });
        for (int k = 0; k < count; ++k)
            recordFromBinds(pass.members.at(start + k), keys.at(k), pass.generatedColumns);
        return {};
    }

    //! The primary key of a row as text, from the value of attribute i (`valueAt(i)`).
    template<typename ValueAt>
    QString keyText(ValueAt valueAt) const
    {
        QString key;
        for (const QString &pk : m_model.primaryKey)
            key += displayText(valueAt(m_model.indexOf(pk))) + QChar(0x1f);
        return key;
    }

    //! ON CONFLICT DO NOTHING RETURNING: the rows that were inserted, whole; matched to the rows
    //! given by the primary key.
    Result<void> matchInsertedRows(const InsertPass &pass, int start, int count,
                                   const SqlFragment &statement)
    {
        auto inserted = m_core.selectRecords(m_model, statement);
        if (!inserted)
            return inserted.error();
        if (inserted->isEmpty() && m_core.pretending()) {
            for (int k = 0; k < count; ++k)
                recordFromBinds(pass.members.at(start + k), {}, pass.generatedColumns);
            return {};
        }
        QHash<QString, int> rowByKey;
        for (int k = 0; k < count; ++k) {
            const int row = pass.members.at(start + k);
            const QVector<QVariant> &values = m_prepared.at(row);
            rowByKey.insert(keyText([&](int i) {
                                return m_core.dialect.fromDb(m_model.attributes.at(i).type,
                                                             values.at(i));
                            }),
                            row);
        }
        for (const Record &record : *inserted) {
            const int row =
                    rowByKey.value(keyText([&](int i) { return record.values.value(i); }), -1);
            if (row >= 0)
                setRecord(row, record);
        }
        return {};
    }

    //! The record of a row from the values bound for it and the keys the database generated
    //! (null where `generated` has none: pretend mode).
    void recordFromBinds(int rowIndex, const QVariantList &generated,
                         const QVector<int> &generatedColumns)
    {
        const QVector<QVariant> &row = m_prepared.at(rowIndex);
        ValuesBuilder &values = m_core.valuesBuilder;
        values.reset(m_columnCount);
        for (int i = 0; i < m_columnCount; ++i) {
            const int g = generatedColumns.indexOf(i);
            if (g >= 0)
                values.set(i, generated.value(g));
            else if (m_model.attributes.at(i).timestamp && row.at(i) == m_now)
                values.set(i, m_nowRead); // parsed once, not once a row
            else
                values.set(i, m_core.dialect.fromDb(m_model.attributes.at(i).type, row.at(i)));
        }
        Record record;
        record.model = &m_model;
        record.values = values.build();
        setRecord(rowIndex, std::move(record));
    }

    void setRecord(int rowIndex, Record record)
    {
        m_made[rowIndex] = std::move(record);
        m_inserted[rowIndex] = true;
    }

    RecordList insertedRecords()
    {
        RecordList out;
        out.reserve(m_rows.size());
        for (int row = 0; row < m_made.size(); ++row) {
            if (m_inserted.at(row))
                out << std::move(m_made[row]);
        }
        return out;
    }

    EngineCore &m_core;
    const Model &m_model;
    const QList<QVariantMap> &m_rows;
    const bool m_ignoreDuplicates;
    const int m_columnCount;
    int m_perStatement = 1;
    QVariant m_now; //!< the timestamp of every row, as bound
    QVariant m_nowRead; //!< ... and as read back
    QVector<QVector<QVariant>> m_prepared; //!< per row, aligned with the attributes
    QVector<bool> m_hasAutoKey; //!< per row: the database picks its key
    QVector<Record> m_made; //!< per row, in the order of m_rows
    QVector<bool> m_inserted; //!< per row: inserted (not skipped as a duplicate)
};

} // namespace

Result<RecordList> EngineCore::insertRows(const Model &model, const QList<QVariantMap> &rows,
                                          bool ignoreDuplicates)
{
    return RowInserter(*this, model, rows, ignoreDuplicates).run();
}

Result<RecordList> Engine::bulkCreate(const QString &modelName, const QList<QVariantMap> &rows)
{
    auto model = m_schema.requireModel(modelName);
    if (!model)
        return model.error();
    auto made = retryTransient(*m_conn, [&] { return m_core->insertRows(**model, rows, false); });
    if (!made) // "ownerId 99: no owners row with id 99" rather than the database's bare sentence
        return explainForeignKey(*m_core, **model, rows, made.error());
    return made;
}

Result<Record> Engine::create(const QString &model, const QVariantMap &values)
{
    auto created = bulkCreate(model, { values });
    if (!created)
        return created.error();
    return created->value(0);
}

} // namespace grumble
