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
    //! `count` null values.
    explicit Values(int count);
    //! Shares the other block (no copy).
    Values(const Values &other) noexcept;
    Values(Values &&other) noexcept : m_block(other.m_block) { other.m_block = nullptr; }
    Values &operator=(const Values &other) noexcept;
    Values &operator=(Values &&other) noexcept;
    ~Values();
    //! The values of a list, stored compactly.
    static Values fromList(const QVariantList &list);

    //! The number of values.
    int size() const;
    bool isEmpty() const { return size() == 0; }
    //! How value `i` is stored (Null past the end).
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
    void set(int i, const QVariant &value);
    //! Grows with nulls or drops values from the end.
    void resize(int count);
    //! Every value as a QVariant.
    QVariantList toList() const;
    //! The same values (compared as QVariants).
    bool operator==(const Values &other) const;
    bool operator!=(const Values &other) const { return !(*this == other); }
    //! Bytes of the block (for memory accounting).
    qsizetype byteSize() const;

private:
    struct Block;
    explicit Values(Block *block) : m_block(block) { }
    Block *m_block = nullptr;
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

    //! Starts a row of `count` null values.
    void reset(int count);
    //! Setters of value `i` (< the count given to reset()), one per compact kind.
    void setNull(int i);
    void setInt(int i, qint64 integer) { put(i, Values::Int, quint64(integer)); }
    void setReal(int i, double real);
    void setBool(int i, bool boolean) { put(i, Values::Bool, boolean ? 1 : 0); }
    void setTimestamp(int i, qint64 msecsUtc) { put(i, Values::Timestamp, quint64(msecsUtc)); }
    void setUtf8(int i, const char *utf8, qsizetype size);
    //! Any QVariant, stored compactly where it has a compact kind.
    void set(int i, const QVariant &value);
    //! The row, in one allocation; the builder keeps its buffers for the next reset().
    Values build();

private:
    void put(int i, Values::Kind kind, quint64 bits);
    void release();
    friend class Values;
    std::vector<quint64> m_cells;
    std::vector<quint8> m_kinds;
    std::vector<char> m_text;
};

} // namespace grumble
