#pragma once

#include <QByteArrayView>
#include <QVariant>

#include <vector>

namespace grumble {

class ValuesBuilder;

//! The values of one row, aligned with its model's attributes, in one compact, implicitly shared
//! block: 8 bytes a value and a kind byte, text as UTF-8 after them, all in one allocation.
//! Integers (qint64), doubles, booleans, UTC timestamps (milliseconds) and strings are stored
//! compactly; any other QVariant (JSON values, dates, a null QString) is kept as it is. at()
//! gives back exactly the QVariant that was stored (strings are decoded from UTF-8 on access).
class Values
{
public:
    enum Kind : quint8 { Null, Int, Real, Bool, Timestamp, Utf8, Variant };

    Values() noexcept = default;
    //! `n` null values.
    explicit Values(int n);
    Values(const Values &o) noexcept;
    Values(Values &&o) noexcept : d(o.d) { o.d = nullptr; }
    Values &operator=(const Values &o) noexcept;
    Values &operator=(Values &&o) noexcept;
    ~Values();
    static Values fromList(const QVariantList &list);

    int size() const;
    bool isEmpty() const { return size() == 0; }
    Kind kind(int i) const;
    bool isNull(int i) const { return kind(i) == Null; }
    //! The value as a QVariant (an invalid one for Null); `i` must be < size().
    QVariant at(int i) const;
    //! at(i), or an invalid QVariant past the end.
    QVariant value(int i) const { return i >= 0 && i < size() ? at(i) : QVariant(); }
    //! Raw accessors for the compact kinds (Int, Bool, Timestamp: the integer; Real: the double).
    qint64 int64(int i) const;
    double real(int i) const;
    QByteArrayView utf8(int i) const;
    const QVariant &variant(int i) const;
    //! Replaces one value (copying the block when it is shared); grows to i + 1 when needed.
    void set(int i, const QVariant &v);
    void resize(int n);
    QVariantList toList() const;
    //! The same values (compared as QVariants).
    bool operator==(const Values &o) const;
    bool operator!=(const Values &o) const { return !(*this == o); }
    //! Bytes of the block (for memory accounting).
    qsizetype byteSize() const;

private:
    struct Block;
    explicit Values(Block *b) : d(b) { }
    Block *d = nullptr;
    friend class ValuesBuilder;
};

//! Assembles Values one value at a time, then allocates their block once. Reusable: reset()
//! starts the next row without giving back its buffers.
class ValuesBuilder
{
public:
    ValuesBuilder() = default;
    ValuesBuilder(const ValuesBuilder &) = delete;
    ValuesBuilder &operator=(const ValuesBuilder &) = delete;
    ~ValuesBuilder();

    //! Starts a row of `n` null values.
    void reset(int n);
    void setNull(int i);
    void setInt(int i, qint64 v) { put(i, Values::Int, quint64(v)); }
    void setReal(int i, double v);
    void setBool(int i, bool v) { put(i, Values::Bool, v ? 1 : 0); }
    void setTimestamp(int i, qint64 msecsUtc) { put(i, Values::Timestamp, quint64(msecsUtc)); }
    void setUtf8(int i, const char *p, qsizetype n);
    //! Any QVariant, stored compactly where it has a compact kind.
    void set(int i, const QVariant &v);
    Values build();

private:
    void put(int i, Values::Kind k, quint64 bits);
    void release();
    friend class Values;
    std::vector<quint64> m_cells;
    std::vector<quint8> m_kinds;
    std::vector<char> m_text;
};

} // namespace grumble
