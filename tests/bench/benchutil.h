#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

namespace grumble::bench {

//! The peer's PRNG (bench.js mulberry32), bit for bit: JS int32 arithmetic is uint32 arithmetic here.
class Mulberry32
{
public:
    explicit Mulberry32(uint32_t seed) : m_t(seed) { }
    double next()
    {
        m_t += 0x6D2B79F5u;
        uint32_t r = (m_t ^ (m_t >> 15)) * (m_t | 1u);
        r ^= r + (r ^ (r >> 7)) * (r | 61u);
        return double(r ^ (r >> 14)) / 4294967296.0;
    }
    //! floor(next() * n), as the peer's rand(n).
    int rand(int n) { return int(next() * n); }

private:
    uint32_t m_t;
};

double median(std::vector<double> xs);

//! Peak resident set size of the process so far (getrusage), MiB.
double maxRssMiB();
//! Current VmHWM (peak RSS since the last resetPeakRss()), MiB.
double peakRssMiB();
//! Returns freed heap to the OS (malloc_trim) and restarts VmHWM at the current RSS
//! (/proc/self/clear_refs "5"); returns false when the kernel does not allow it.
bool resetPeakRss();

//! One compact JSON object built in insertion order (QJsonObject would sort the keys).
class JsonLine
{
public:
    JsonLine &add(const char *key, const QString &v);
    JsonLine &add(const char *key, const char *v) { return add(key, QString::fromUtf8(v)); }
    JsonLine &add(const char *key, double v);
    JsonLine &add(const char *key, qint64 v);
    JsonLine &add(const char *key, int v) { return add(key, qint64(v)); }
    JsonLine &add(const char *key, quint64 v) { return add(key, qint64(v)); }
    JsonLine &add(const char *key, bool v);
    //! A value that is already JSON text.
    JsonLine &addRaw(const char *key, const QByteArray &json);
    QByteArray text() const { return m_out + '}'; }

private:
    void key(const char *k);
    QByteArray m_out = "{";
};

} // namespace grumble::bench
