#include "recordpager.h"

#include <algorithm>
#include <limits>

namespace grumble {

namespace {

QString logLine(const SqlLogEntry &e)
{
    return e.sql + (e.bindings.isEmpty() ? QString() : QStringLiteral("\n  -- bindings: ") + QString::fromUtf8(toJson(QVariant(e.bindings))));
}

} // namespace

RecordPager::RecordPager(Engine &engine, const Model &model, const FindOptions &options, int pageSize)
    : m_engine(engine), m_model(&model), m_options(options), m_pageSize(qMax(1, pageSize))
{
    if (m_options.order.isEmpty() && model.primaryKey.size() == 1
        && (!m_options.attributes || m_options.attributes->contains(model.primaryKey.first())))
        m_pk = model.primaryKey.first();
}

qint64 RecordPager::pageRows(int k) const
{
    qint64 cap = std::numeric_limits<qint64>::max();
    if (m_total)
        cap = *m_total;
    else if (m_options.limit)
        cap = *m_options.limit;
    const qint64 first = qint64(k) * m_pageSize;
    return qBound(qint64(0), cap - first, qint64(m_pageSize));
}

int RecordPager::pageCount() const
{
    if (!m_total)
        return -1;
    return int((*m_total + m_pageSize - 1) / m_pageSize);
}

FindOptions RecordPager::pageOptions(int k, const QVariant &after, bool *reversed) const
{
    FindOptions o = m_options;
    const qint64 n = pageRows(k);
    const qint64 first = qint64(k) * m_pageSize;
    const qint64 skip = m_options.offset.value_or(0);
    if (reversed)
        *reversed = false;
    o.limit = n;
    // Without a limit of their own the pages are windows of the one order findAll gives (not
    // Sequelize's page of a limited findAll, chosen by the root's own order entries first).
    o.fullOrderPages = !m_options.limit;
    if (byKey() && k > 0 && after.isValid() && !after.isNull()) {
        // After the page before: the next keys, whatever the offset (it was spent on page 0).
        const QVariantMap next{ { m_pk, QVariantMap{ { QStringLiteral("$gt"), after } } } };
        const bool hasWhere = m_options.where.isValid() && !m_options.where.isNull() && !m_options.where.toMap().isEmpty();
        o.where = hasWhere ? QVariant(QVariantMap{ { QStringLiteral("$and"), QVariantList{ m_options.where, next } } }) : QVariant(next);
        o.offset.reset();
    } else if (byKey() && m_total && first + n / 2 > *m_total / 2) {
        // In the second half: count from the end in the reversed order (the last page of a large
        // window costs what the first one does).
        o.order = QVariantList{ QVariantList{ m_pk, QStringLiteral("DESC") } };
        o.offset = qMax<qint64>(0, m_count - (skip + first + n));
        if (reversed)
            *reversed = true;
    } else {
        o.offset = skip + first;
    }
    if (o.offset && *o.offset == 0)
        o.offset.reset();
    return o;
}

Result<qint64> RecordPager::total()
{
    if (m_total)
        return *m_total;
    FindOptions o;
    o.where = m_options.where;
    o.include = m_options.include;
    o.distinct = true; // the pager counts root records, not joined rows
    Connection &c = m_engine.connection();
    m_lastSql.clear();
    const quint64 before = c.statementCount();
    auto capture = QObject::connect(c.log(), &SqlLog::executed, [this](const SqlLogEntry &e) {
        if (!e.control)
            m_lastSql << logLine(e);
    });
    Result<qint64> n = [&] {
        ContextScope scope(c, QStringLiteral("%1.count (include browser)").arg(m_model->name));
        return m_engine.count(m_model->name, o);
    }();
    QObject::disconnect(capture);
    m_statements += c.statementCount() - before;
    if (!n)
        return n.error();
    m_count = *n;
    m_counted = true;
    qint64 rows = qMax<qint64>(0, *n - m_options.offset.value_or(0));
    if (m_options.limit)
        rows = qMin(rows, *m_options.limit);
    m_total = rows;
    return rows;
}

Result<RecordList> RecordPager::read(int k, const QVariant &after)
{
    m_lastSql.clear();
    if (k < 0 || pageRows(k) == 0)
        return RecordList();
    bool reversed = false;
    const FindOptions o = pageOptions(k, after, &reversed);
    Connection &c = m_engine.connection();
    const quint64 before = c.statementCount();
    auto capture = QObject::connect(c.log(), &SqlLog::executed, [this](const SqlLogEntry &e) {
        if (!e.control)
            m_lastSql << logLine(e);
    });
    Result<RecordList> rows = [&] {
        ContextScope scope(c, QStringLiteral("%1.findAll page %2 (include browser)").arg(m_model->name).arg(k + 1));
        return m_engine.findAll(m_model->name, o);
    }();
    QObject::disconnect(capture);
    m_statements += c.statementCount() - before;
    if (rows && reversed)
        std::reverse(rows->begin(), rows->end());
    return rows;
}

} // namespace grumble
