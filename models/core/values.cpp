#include "values.h"

#include <QDateTime>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <new>

namespace grumble {

// One allocation: this header, `count` 8-byte cells, `count` kind bytes, then the UTF-8 text that
// Utf8 cells point into (offset in the high 32 bits of the cell, length in the low 32).
struct Values::Block
{
    std::atomic<int> ref;
    quint32 count;
    quint32 text;
    quint32 reserved;

    quint64 *cells() { return reinterpret_cast<quint64 *>(this + 1); }
    const quint64 *cells() const { return reinterpret_cast<const quint64 *>(this + 1); }
    quint8 *kinds() { return reinterpret_cast<quint8 *>(cells() + count); }
    const quint8 *kinds() const { return reinterpret_cast<const quint8 *>(cells() + count); }
    char *textData() { return reinterpret_cast<char *>(kinds() + count); }
    const char *textData() const { return reinterpret_cast<const char *>(kinds() + count); }

    static std::size_t bytesFor(quint32 count, quint32 text) { return sizeof(Block) + count * 9u + text; }

    static Block *allocate(quint32 count, quint32 text)
    {
        void *mem = ::operator new(bytesFor(count, text));
        Block *b = new (mem) Block;
        b->ref.store(1, std::memory_order_relaxed);
        b->count = count;
        b->text = text;
        b->reserved = 0;
        return b;
    }

    static void release(Block *b)
    {
        if (!b || b->ref.fetch_sub(1, std::memory_order_acq_rel) != 1)
            return;
        for (quint32 i = 0; i < b->count; ++i) {
            if (b->kinds()[i] == Variant)
                delete reinterpret_cast<QVariant *>(b->cells()[i]);
        }
        b->~Block();
        ::operator delete(b);
    }
};

static_assert(sizeof(std::atomic<int>) == 4, "Values::Block header layout");

namespace {

const QVariant &nullVariant()
{
    static const QVariant v;
    return v;
}

} // namespace

Values::Values(int n)
{
    if (n > 0) {
        d = Block::allocate(quint32(n), 0);
        std::memset(d->cells(), 0, sizeof(quint64) * std::size_t(n));
        std::memset(d->kinds(), Null, std::size_t(n));
    }
}

Values::Values(const Values &o) noexcept : d(o.d)
{
    if (d)
        d->ref.fetch_add(1, std::memory_order_relaxed);
}

Values &Values::operator=(const Values &o) noexcept
{
    if (o.d != d) {
        if (o.d)
            o.d->ref.fetch_add(1, std::memory_order_relaxed);
        Block::release(d);
        d = o.d;
    }
    return *this;
}

Values &Values::operator=(Values &&o) noexcept
{
    if (this != &o) {
        Block::release(d);
        d = o.d;
        o.d = nullptr;
    }
    return *this;
}

Values::~Values()
{
    Block::release(d);
}

Values Values::fromList(const QVariantList &list)
{
    ValuesBuilder b;
    b.reset(int(list.size()));
    for (int i = 0; i < list.size(); ++i)
        b.set(i, list.at(i));
    return b.build();
}

int Values::size() const
{
    return d ? int(d->count) : 0;
}

Values::Kind Values::kind(int i) const
{
    return d && i >= 0 && quint32(i) < d->count ? Kind(d->kinds()[i]) : Null;
}

QVariant Values::at(int i) const
{
    Q_ASSERT(d && i >= 0 && quint32(i) < d->count);
    const quint64 c = d->cells()[i];
    switch (Kind(d->kinds()[i])) {
    case Null: return QVariant();
    case Int: return QVariant(qint64(c));
    case Real: {
        double v;
        std::memcpy(&v, &c, sizeof v);
        return QVariant(v);
    }
    case Bool: return QVariant(c != 0);
    case Timestamp: return QVariant(QDateTime::fromMSecsSinceEpoch(qint64(c), Qt::UTC));
    case Utf8: return QVariant(QString::fromUtf8(d->textData() + (c >> 32), qsizetype(c & 0xffffffffu)));
    case Variant: return *reinterpret_cast<const QVariant *>(c);
    }
    return QVariant();
}

qint64 Values::int64(int i) const
{
    return d && i >= 0 && quint32(i) < d->count ? qint64(d->cells()[i]) : 0;
}

double Values::real(int i) const
{
    double v = 0;
    if (d && i >= 0 && quint32(i) < d->count)
        std::memcpy(&v, &d->cells()[i], sizeof v);
    return v;
}

QByteArrayView Values::utf8(int i) const
{
    if (kind(i) != Utf8)
        return {};
    const quint64 c = d->cells()[i];
    return QByteArrayView(d->textData() + (c >> 32), qsizetype(c & 0xffffffffu));
}

const QVariant &Values::variant(int i) const
{
    return kind(i) == Variant ? *reinterpret_cast<const QVariant *>(d->cells()[i]) : nullVariant();
}

void Values::set(int i, const QVariant &v)
{
    if (i < 0)
        return;
    const int n = qMax(size(), i + 1);
    ValuesBuilder b;
    b.reset(n);
    for (int j = 0; j < size(); ++j) {
        if (j == i)
            continue;
        switch (kind(j)) {
        case Null: break;
        case Utf8: {
            const QByteArrayView t = utf8(j);
            b.setUtf8(j, t.data(), t.size());
            break;
        }
        case Variant: b.set(j, variant(j)); break;
        default: b.put(j, kind(j), d->cells()[j]); break;
        }
    }
    b.set(i, v);
    *this = b.build();
}

void Values::resize(int n)
{
    if (n == size())
        return;
    if (n <= 0) {
        *this = Values();
        return;
    }
    if (n > size()) {
        set(n - 1, QVariant());
        return;
    }
    ValuesBuilder b;
    b.reset(n);
    for (int j = 0; j < n; ++j)
        b.set(j, at(j));
    *this = b.build();
}

QVariantList Values::toList() const
{
    QVariantList out;
    out.reserve(size());
    for (int i = 0; i < size(); ++i)
        out << at(i);
    return out;
}

bool Values::operator==(const Values &o) const
{
    if (d == o.d)
        return true;
    if (size() != o.size())
        return false;
    for (int i = 0; i < size(); ++i) {
        if (at(i) != o.at(i))
            return false;
    }
    return true;
}

qsizetype Values::byteSize() const
{
    return d ? qsizetype(Block::bytesFor(d->count, d->text)) : 0;
}

// ---------------------------------------------------------------------------------------------

ValuesBuilder::~ValuesBuilder()
{
    release();
}

void ValuesBuilder::release()
{
    for (std::size_t i = 0; i < m_kinds.size(); ++i) {
        if (m_kinds[i] == Values::Variant) {
            delete reinterpret_cast<QVariant *>(m_cells[i]);
            m_kinds[i] = Values::Null;
        }
    }
}

void ValuesBuilder::reset(int n)
{
    release();
    m_cells.assign(std::size_t(qMax(n, 0)), 0);
    m_kinds.assign(std::size_t(qMax(n, 0)), Values::Null);
    m_text.clear();
}

void ValuesBuilder::put(int i, Values::Kind k, quint64 bits)
{
    Q_ASSERT(i >= 0 && std::size_t(i) < m_cells.size());
    if (m_kinds[i] == Values::Variant)
        delete reinterpret_cast<QVariant *>(m_cells[i]);
    m_cells[i] = bits;
    m_kinds[i] = k;
}

void ValuesBuilder::setNull(int i)
{
    put(i, Values::Null, 0);
}

void ValuesBuilder::setReal(int i, double v)
{
    quint64 bits;
    std::memcpy(&bits, &v, sizeof bits);
    put(i, Values::Real, bits);
}

void ValuesBuilder::setUtf8(int i, const char *p, qsizetype n)
{
    const std::size_t offset = m_text.size();
    if (n < 0 || offset + std::size_t(n) > std::numeric_limits<quint32>::max()) {
        set(i, QString::fromUtf8(p, n)); // beyond a block's 4 GiB of text: kept as a QVariant
        return;
    }
    m_text.insert(m_text.end(), p, p + n);
    put(i, Values::Utf8, (quint64(offset) << 32) | quint64(n));
}

void ValuesBuilder::set(int i, const QVariant &v)
{
    if (!v.isValid()) {
        setNull(i);
        return;
    }
    switch (v.metaType().id()) {
    case QMetaType::LongLong: setInt(i, v.toLongLong()); return;
    case QMetaType::Double: setReal(i, v.toDouble()); return;
    case QMetaType::Bool: setBool(i, v.toBool()); return;
    case QMetaType::QDateTime: {
        const QDateTime dt = v.toDateTime();
        if (dt.isValid() && dt.timeSpec() == Qt::UTC) {
            setTimestamp(i, dt.toMSecsSinceEpoch());
            return;
        }
        break;
    }
    case QMetaType::QString: {
        const QString s = v.toString();
        if (s.isNull())
            break;
        // Only text that survives the trip through UTF-8 (no lone surrogates) is stored as UTF-8.
        const QByteArray u = s.toUtf8();
        const bool surrogates = std::any_of(s.cbegin(), s.cend(), [](QChar c) { return c.isSurrogate(); });
        if (surrogates && QString::fromUtf8(u) != s)
            break;
        setUtf8(i, u.constData(), u.size());
        return;
    }
    default: break;
    }
    put(i, Values::Variant, reinterpret_cast<quint64>(new QVariant(v)));
}

Values ValuesBuilder::build()
{
    const quint32 n = quint32(m_cells.size());
    Values::Block *b = Values::Block::allocate(n, quint32(m_text.size()));
    if (n) {
        std::memcpy(b->cells(), m_cells.data(), sizeof(quint64) * n);
        std::memcpy(b->kinds(), m_kinds.data(), n);
    }
    if (!m_text.empty())
        std::memcpy(b->textData(), m_text.data(), m_text.size());
    // The QVariants now belong to the block.
    for (quint8 &k : m_kinds) {
        if (k == Values::Variant)
            k = Values::Null;
    }
    return Values(b);
}

} // namespace grumble
