// RelationalTableModel's searches: type-to-search (match()), a text's first row and a composite
// key's row, each ONE statement that numbers the rows in the current order and filter, never a
// page-by-page walk of the windowed table.
#include "relationaltablemodel.h"

#include <QRegularExpression>

namespace grumble {

namespace {

//! Whether a match type can be said in LIKE (not a regular expression or a wildcard).
bool likeCanSay(Qt::MatchFlags flags)
{
    switch (flags.toInt() & 0x0F) {
    case Qt::MatchExactly:
    case Qt::MatchFixedString:
    case Qt::MatchContains:
    case Qt::MatchStartsWith:
    case Qt::MatchEndsWith:
        return true;
    default:
        return false;
    }
}

//! QAbstractItemModel::match()'s comparison of one value, for the rows in memory.
bool valueMatches(const QVariant &cell, const QVariant &value, Qt::MatchFlags flags)
{
    const Qt::CaseSensitivity cs = flags.testFlag(Qt::MatchCaseSensitive) ? Qt::CaseSensitive : Qt::CaseInsensitive;
    const QString text = cell.toString();
    const QString wanted = value.toString();
    switch (flags.toInt() & 0x0F) {
    case Qt::MatchExactly: return cell == value;
    case Qt::MatchStartsWith: return text.startsWith(wanted, cs);
    case Qt::MatchEndsWith: return text.endsWith(wanted, cs);
    case Qt::MatchContains: return text.contains(wanted, cs);
    case Qt::MatchFixedString: return text.compare(wanted, cs) == 0;
    case Qt::MatchRegularExpression:
        return QRegularExpression(wanted, cs == Qt::CaseSensitive ? QRegularExpression::NoPatternOption
                                                                  : QRegularExpression::CaseInsensitiveOption)
                .match(text)
                .hasMatch();
    case Qt::MatchWildcard:
        return QRegularExpression(QRegularExpression::wildcardToRegularExpression(wanted),
                                  cs == Qt::CaseSensitive ? QRegularExpression::NoPatternOption
                                                          : QRegularExpression::CaseInsensitiveOption)
                .match(text)
                .hasMatch();
    }
    return false;
}

} // namespace

QString RelationalTableModel::likePattern(const QString &text, Qt::MatchFlags flags)
{
    QString escaped = flags.testFlag(Qt::MatchCaseSensitive) ? text : text.toLower();
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
    switch (flags.toInt() & 0x0F) {
    case Qt::MatchStartsWith: return escaped + QLatin1Char('%');
    case Qt::MatchContains: return QLatin1Char('%') + escaped + QLatin1Char('%');
    case Qt::MatchEndsWith: return QLatin1Char('%') + escaped;
    default: return escaped;
    }
}

//! `SELECT grumble_rn FROM (SELECT ROW_NUMBER() OVER (the order) - 1 AS grumble_rn, <columns> FROM
//! … WHERE the filter) AS grumble_numbered`: every row's position, for one outer condition.
SqlFragment RelationalTableModel::numberedRows(SelectParts &parts, const QString &columns) const
{
    SqlFragment statement(QStringLiteral("SELECT grumble_rn FROM (SELECT ROW_NUMBER() OVER (") + orderBy(parts, false).trimmed()
                          + QStringLiteral(") - 1 AS grumble_rn, ") + columns + QStringLiteral(" FROM ") + parts.from);
    statement << parts.filter.wrapped(QStringLiteral(" WHERE "));
    statement << QStringLiteral(") AS grumble_numbered");
    return statement;
}

int RelationalTableModel::findText(int column, const QString &text, int from, Qt::MatchFlags flags)
{
    if (column < 0 || column >= m_fields.size() || !m_selected || !likeCanSay(flags))
        return -1;
    fetchCount(); // the row found may be past the first page
    const std::optional<qint64> row = countOf(QStringLiteral("search"), searchStatement(column, text, from, flags));
    return row && *row >= 0 && *row < m_rows ? int(*row) : -1;
}

//! The statement of findText(); empty when LIKE cannot say the match.
SqlFragment RelationalTableModel::searchStatement(int column, const QString &text, int from, Qt::MatchFlags flags) const
{
    if (column < 0 || column >= m_fields.size() || !likeCanSay(flags))
        return {};
    SelectParts parts = selectParts();
    parts.from += joinOnce(parts, column);
    const QString shown = QStringLiteral("CAST(%1 AS TEXT) AS grumble_v").arg(displayExpression(column));
    SqlFragment statement = numberedRows(parts, shown);
    const bool caseSensitive = flags.testFlag(Qt::MatchCaseSensitive);
    statement.bind(caseSensitive ? QStringLiteral(" WHERE grumble_v LIKE ? ESCAPE '\\'")
                                 : QStringLiteral(" WHERE LOWER(grumble_v) LIKE ? ESCAPE '\\'"),
                   likePattern(text, flags));
    if (flags.testFlag(Qt::MatchWrap))
        statement.bind(QStringLiteral(" ORDER BY CASE WHEN grumble_rn >= ? THEN 0 ELSE 1 END, grumble_rn"), qMax(0, from));
    else
        statement.bind(QStringLiteral(" AND grumble_rn >= ? ORDER BY grumble_rn"), qMax(0, from));
    statement.bind(m_engine.dialect().limitOffset(true, false), 1);
    return statement;
}

//! The row of a key by numbering the rows (a composite key, or a sort value that did not compare
//! equal bound again): one statement; -1 when the key is not among the rows.
int RelationalTableModel::numberedRowOf(const QVariantMap &key) const
{
    const SqlFragment statement = numberedRowStatement(key);
    if (statement.isEmpty())
        return -1;
    const std::optional<qint64> row = countOf(QStringLiteral("position"), statement);
    return row && *row >= 0 && *row < m_rows ? int(*row) : -1;
}

//! The statement of numberedRowOf(); empty when the key does not name every key attribute.
SqlFragment RelationalTableModel::numberedRowStatement(const QVariantMap &key) const
{
    SelectParts parts = selectParts();
    QStringList columns;
    SqlFragment condition;
    for (int k = 0; k < m_model->primaryKey.size(); ++k) {
        const QString &name = m_model->primaryKey.at(k);
        if (!key.contains(name))
            return {};
        const QString alias = QStringLiteral("grumble_k%1").arg(k);
        columns << qualified(m_model->attribute(name)->field) + QStringLiteral(" AS ") + alias;
        condition.bind((k == 0 ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ")) + alias + QStringLiteral(" = ?"),
                       key.value(name));
    }
    if (columns.isEmpty())
        return {};
    SqlFragment statement = numberedRows(parts, columns.join(QStringLiteral(", ")));
    statement << condition;
    return statement;
}

QModelIndexList RelationalTableModel::match(const QModelIndex &start, int role, const QVariant &value, int hits,
                                            Qt::MatchFlags flags) const
{
    if (!checkIndex(start, CheckIndexOption::IndexIsValid) || hits == 0)
        return {};
    if (hits == 1 && (role == Qt::DisplayRole || role == Qt::EditRole) && likeCanSay(flags)
        && start.column() < m_fields.size()) {
        auto *self = const_cast<RelationalTableModel *>(this); // counts and searches; no row changes but the count's
        const int row = self->findText(start.column(), value.toString(), start.row(), flags);
        return row < 0 ? QModelIndexList() : QModelIndexList{ index(row, start.column()) };
    }
    return matchInMemory(start, role, value, hits, flags);
}

//! match() over the pages in memory only (what a page-by-page walk would cost is never paid).
QModelIndexList RelationalTableModel::matchInMemory(const QModelIndex &start, int role, const QVariant &value, int hits,
                                                    Qt::MatchFlags flags) const
{
    QList<int> pages = m_pages.keys();
    std::sort(pages.begin(), pages.end());
    QList<int> rows;
    for (int number : pages) {
        for (int i = 0; i < m_pages.value(number).rows.size(); ++i)
            rows << number * m_pageSize + i;
    }
    QModelIndexList found;
    for (int pass = 0; pass < (flags.testFlag(Qt::MatchWrap) ? 2 : 1); ++pass) {
        for (int row : std::as_const(rows)) {
            if ((pass == 0) != (row >= start.row()) || row >= m_rows)
                continue;
            const QModelIndex i = index(row, start.column());
            if (valueMatches(data(i, role), value, flags))
                found << i;
            if (hits > 0 && found.size() >= hits)
                return found;
        }
    }
    return found;
}

} // namespace grumble
