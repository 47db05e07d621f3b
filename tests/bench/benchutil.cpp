#include "benchutil.h"

#include <QFile>

#include <algorithm>
#include <cmath>

#include <malloc.h>
#include <sys/resource.h>

namespace grumble::bench {

double median(std::vector<double> xs)
{
    if (xs.empty())
        return 0;
    std::sort(xs.begin(), xs.end());
    const size_t n = xs.size();
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

double maxRssMiB()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_maxrss) / 1024.0; // KiB on Linux
}

double peakRssMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return maxRssMiB();
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &l : lines) {
        if (l.startsWith("VmHWM:"))
            return l.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return maxRssMiB();
}

bool resetPeakRss()
{
    malloc_trim(0);
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write("5") == 1;
}

void JsonLine::key(const char *k)
{
    if (m_out.size() > 1)
        m_out += ',';
    m_out += '"';
    m_out += k;
    m_out += "\":";
}

JsonLine &JsonLine::add(const char *k, const QString &v)
{
    key(k);
    m_out += '"';
    for (QChar c : v) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) {
            m_out += '\\';
            m_out += char(c.unicode());
        } else if (c.unicode() < 0x20) {
            m_out += QByteArray("\\u") + QByteArray::number(c.unicode(), 16).rightJustified(4, '0');
        } else {
            m_out += QString(c).toUtf8();
        }
    }
    m_out += '"';
    return *this;
}

JsonLine &JsonLine::add(const char *k, double v)
{
    key(k);
    m_out += QByteArray::number(std::round(v * 1000) / 1000, 'g', 15);
    return *this;
}

JsonLine &JsonLine::add(const char *k, qint64 v)
{
    key(k);
    m_out += QByteArray::number(v);
    return *this;
}

JsonLine &JsonLine::add(const char *k, bool v)
{
    key(k);
    m_out += v ? "true" : "false";
    return *this;
}

JsonLine &JsonLine::addRaw(const char *k, const QByteArray &json)
{
    key(k);
    m_out += json;
    return *this;
}

} // namespace grumble::bench
