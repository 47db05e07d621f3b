#pragma once

// Shared by the dialect implementations.

#include <QString>

namespace grumble {

//! Wraps an identifier in `q`, doubling every `q` inside it.
inline QString quoteWith(const QString &id, QChar q)
{
    QString s = id;
    s.replace(q, QString(2, q));
    return q + s + q;
}

} // namespace grumble
