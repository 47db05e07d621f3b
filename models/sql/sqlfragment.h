#pragma once

#include <QList>
#include <QString>
#include <QVariant>

namespace grumble {

//! A piece of SQL and the values bound to its `?` placeholders, in the order they appear. Fragments
//! are put together with `+`, `<<` and join(), which keep text and bindings in step, so no caller
//! positions a binding by hand.
struct SqlFragment
{
    QString text;
    QVariantList bindings;

    SqlFragment() = default;
    SqlFragment(QString sql, QVariantList values = {}) : text(std::move(sql)), bindings(std::move(values)) { }
    SqlFragment(const char *sql) : text(QString::fromLatin1(sql)) { }

    bool isEmpty() const { return text.isEmpty(); }

    //! Appends another fragment: its text after this text, its bindings after these.
    SqlFragment &operator<<(const SqlFragment &other)
    {
        text += other.text;
        bindings += other.bindings;
        return *this;
    }
    SqlFragment &operator<<(const QString &sql)
    {
        text += sql;
        return *this;
    }
    SqlFragment &operator<<(QLatin1String sql)
    {
        text += sql;
        return *this;
    }
    //! Appends `sql` (which holds one `?`) and the value bound to it.
    SqlFragment &bind(const QString &sql, const QVariant &value)
    {
        text += sql;
        bindings.append(value);
        return *this;
    }

    //! `before + this + after` when this is not empty, else empty: `where.wrapped(" WHERE ")`.
    SqlFragment wrapped(const QString &before, const QString &after = {}) const
    {
        if (isEmpty())
            return {};
        return SqlFragment(before + text + after, bindings);
    }

    //! The non-empty parts joined by `separator` ("a AND b"); bindings in the parts' order.
    static SqlFragment join(const QList<SqlFragment> &parts, const QString &separator)
    {
        SqlFragment out;
        for (const SqlFragment &p : parts) {
            if (p.isEmpty())
                continue;
            if (!out.isEmpty())
                out.text += separator;
            out << p;
        }
        return out;
    }
};

inline SqlFragment operator+(SqlFragment a, const SqlFragment &b)
{
    a << b;
    return a;
}

} // namespace grumble
