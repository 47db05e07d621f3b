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
        Block *block = new (mem) Block;
        block->ref.store(1, std::memory_order_relaxed);
        block->count = count;
        block->text = text;
        block->reserved = 0;
        return block;
    }

    static void release(Block *block)
    {
        if (!block || block->ref.fetch_sub(1, std::memory_order_acq_rel) != 1)
            return;
        for (quint32 i = 0; i < block->count; ++i) {
            if (block->kinds()[i] == Variant)
                delete reinterpret_cast<QVariant *>(block->cells()[i]);
        }
        block->~Block();
        ::operator delete(block);
    }
};

static_assert(sizeof(std::atomic<int>) == 4, "Values::Block header layout");

namespace {

const QVariant &nullVariant()
{
    static const QVariant null;
    return null;
}

} // namespace

Values::Values(int count)
{
    if (count > 0) {
        m_block = Block::allocate(quint32(count), 0);
        std::memset(m_block->cells(), 0, sizeof(quint64) * std::size_t(count));
        std::memset(m_block->kinds(), Null, std::size_t(count));
    }
}

Values::Values(const Values &other) noexcept : m_block(other.m_block)
{
    if (m_block)
        m_block->ref.fetch_add(1, std::memory_order_relaxed);
}

Values &Values::operator=(const Values &other) noexcept
{
    if (other.m_block != m_block) {
        if (other.m_block)
            other.m_block->ref.fetch_add(1, std::memory_order_relaxed);
        Block::release(m_block);
        m_block = other.m_block;
    }
    return *this;
}

Values &Values::operator=(Values &&other) noexcept
{
    if (this != &other) {
        Block::release(m_block);
        m_block = other.m_block;
        other.m_block = nullptr;
    }
    return *this;
}

Values::~Values()
{
    Block::release(m_block);
}

Values Values::fromList(const QVariantList &list)
{
    ValuesBuilder builder;
    builder.reset(int(list.size()));
    for (int i = 0; i < list.size(); ++i)
        builder.set(i, list.at(i));
    return builder.build();
}

int Values::size() const
{
    return m_block ? int(m_block->count) : 0;
}

Values::Kind Values::kind(int i) const
{
    return m_block && i >= 0 && quint32(i) < m_block->count ? Kind(m_block->kinds()[i]) : Null;
}

QVariant Values::at(int i) const
{
    Q_ASSERT(m_block && i >= 0 && quint32(i) < m_block->count);
    const quint64 cell = m_block->cells()[i];
    switch (Kind(m_block->kinds()[i])) {
    case Null: return QVariant();
    case Int: return QVariant(qint64(cell));
    case Real: {
        double real;
        std::memcpy(&real, &cell, sizeof real);
        return QVariant(real);
    }
    case Bool: return QVariant(cell != 0);
    case Timestamp: return QVariant(QDateTime::fromMSecsSinceEpoch(qint64(cell), Qt::UTC));
    case Utf8: return QVariant(QString::fromUtf8(m_block->textData() + (cell >> 32), qsizetype(cell & 0xffffffffu)));
    case Variant: return *reinterpret_cast<const QVariant *>(cell);
    }
    return QVariant();
}

qint64 Values::int64(int i) const
{
    return m_block && i >= 0 && quint32(i) < m_block->count ? qint64(m_block->cells()[i]) : 0;
}

double Values::real(int i) const
{
    double real = 0;
    if (m_block && i >= 0 && quint32(i) < m_block->count)
        std::memcpy(&real, &m_block->cells()[i], sizeof real);
    return real;
}

QByteArrayView Values::utf8(int i) const
{
    if (kind(i) != Utf8)
        return {};
    const quint64 cell = m_block->cells()[i];
    return QByteArrayView(m_block->textData() + (cell >> 32), qsizetype(cell & 0xffffffffu));
}

const QVariant &Values::variant(int i) const
{
    return kind(i) == Variant ? *reinterpret_cast<const QVariant *>(m_block->cells()[i]) : nullVariant();
}

void Values::set(int i, const QVariant &value)
{
    if (i < 0)
        return;
    ValuesBuilder builder;
    builder.reset(qMax(size(), i + 1));
    for (int j = 0; j < size(); ++j) {
        if (j == i)
            continue;
        switch (kind(j)) {
        case Null: break;
        case Utf8: {
            const QByteArrayView text = utf8(j);
            builder.setUtf8(j, text.data(), text.size());
            break;
        }
        case Variant: builder.set(j, variant(j)); break;
        default: builder.put(j, kind(j), m_block->cells()[j]); break;
        }
    }
    builder.set(i, value);
    *this = builder.build();
}

void Values::resize(int count)
{
    if (count == size())
        return;
    if (count <= 0) {
        *this = Values();
        return;
    }
    if (count > size()) {
        set(count - 1, QVariant());
        return;
    }
    ValuesBuilder builder;
    builder.reset(count);
    for (int j = 0; j < count; ++j)
        builder.set(j, at(j));
    *this = builder.build();
}

QVariantList Values::toList() const
{
    QVariantList out;
    out.reserve(size());
    for (int i = 0; i < size(); ++i)
        out << at(i);
    return out;
}

bool Values::operator==(const Values &other) const
{
    if (m_block == other.m_block)
        return true;
    if (size() != other.size())
        return false;
    for (int i = 0; i < size(); ++i) {
        if (at(i) != other.at(i))
            return false;
    }
    return true;
}

qsizetype Values::byteSize() const
{
    return m_block ? qsizetype(Block::bytesFor(m_block->count, m_block->text)) : 0;
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

void ValuesBuilder::reset(int count)
{
    release();
    m_cells.assign(std::size_t(qMax(count, 0)), 0);
    m_kinds.assign(std::size_t(qMax(count, 0)), Values::Null);
    m_text.clear();
}

void ValuesBuilder::put(int i, Values::Kind kind, quint64 bits)
{
    Q_ASSERT(i >= 0 && std::size_t(i) < m_cells.size());
    if (m_kinds[i] == Values::Variant)
        delete reinterpret_cast<QVariant *>(m_cells[i]);
    m_cells[i] = bits;
    m_kinds[i] = kind;
}

void ValuesBuilder::setNull(int i)
{
    put(i, Values::Null, 0);
}

void ValuesBuilder::setReal(int i, double real)
{
    quint64 bits;
    std::memcpy(&bits, &real, sizeof bits);
    put(i, Values::Real, bits);
}

void ValuesBuilder::setUtf8(int i, const char *utf8, qsizetype size)
{
    const std::size_t offset = m_text.size();
    if (size < 0 || offset + std::size_t(size) > std::numeric_limits<quint32>::max()) {
        set(i, QString::fromUtf8(utf8, size)); // beyond a block's 4 GiB of text: kept as a QVariant
        return;
    }
    m_text.insert(m_text.end(), utf8, utf8 + size);
    put(i, Values::Utf8, (quint64(offset) << 32) | quint64(size));
}

void ValuesBuilder::set(int i, const QVariant &value)
{
    if (!value.isValid()) {
        setNull(i);
        return;
    }
    switch (value.metaType().id()) {
    case QMetaType::LongLong: setInt(i, value.toLongLong()); return;
    case QMetaType::Double: setReal(i, value.toDouble()); return;
    case QMetaType::Bool: setBool(i, value.toBool()); return;
    case QMetaType::QDateTime: {
        const QDateTime timestamp = value.toDateTime();
        if (timestamp.isValid() && timestamp.timeSpec() == Qt::UTC) {
            setTimestamp(i, timestamp.toMSecsSinceEpoch());
            return;
        }
        break;
    }
    case QMetaType::QString: {
        const QString text = value.toString();
        if (text.isNull())
            break;
        // Only text that survives the trip through UTF-8 (no lone surrogates) is stored as UTF-8.
        const QByteArray utf8 = text.toUtf8();
        const bool surrogates = std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSurrogate(); });
        if (surrogates && QString::fromUtf8(utf8) != text)
            break;
        setUtf8(i, utf8.constData(), utf8.size());
        return;
    }
    default: break;
    }
    put(i, Values::Variant, reinterpret_cast<quint64>(new QVariant(value)));
}

Values ValuesBuilder::build()
{
    const quint32 count = quint32(m_cells.size());
    Values::Block *block = Values::Block::allocate(count, quint32(m_text.size()));
    if (count) {
        std::memcpy(block->cells(), m_cells.data(), sizeof(quint64) * count);
        std::memcpy(block->kinds(), m_kinds.data(), count);
    }
    if (!m_text.empty())
        std::memcpy(block->textData(), m_text.data(), m_text.size());
    // The QVariants now belong to the block.
    for (quint8 &kind : m_kinds) {
        if (kind == Values::Variant)
            kind = Values::Null;
    }
    return Values(block);
}

} // namespace grumble
