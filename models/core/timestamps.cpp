#include "timestamps.h"

#include <QTimeZone>

#include <charconv>
#include <cstdlib>
#include <string>

namespace grumble {

namespace {

template <typename Ch>
int digits(const Ch *p, int n, bool *ok)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const unsigned c = static_cast<unsigned>(p[i]);
        if (c < '0' || c > '9') {
            *ok = false;
            return 0;
        }
        v = v * 10 + (c - '0');
    }
    return v;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = int(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

char *putPadded(char *out, int v, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char('0' + v % 10);
        v /= 10;
    }
    return out + width;
}

int formatTsChars(qint64 ms, bool iso, char *buf)
{
    qint64 days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
    const qint64 rem = ms - days * 86400000;
    // civil from days (Howard Hinnant's algorithm)
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const int doe = int(days - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = int(yoe + era * 400);
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    char *p = putPadded(buf, y, 4);
    *p++ = '-';
    p = putPadded(p, m, 2);
    *p++ = '-';
    p = putPadded(p, d, 2);
    *p++ = iso ? 'T' : ' ';
    p = putPadded(p, int(rem / 3600000), 2);
    *p++ = ':';
    p = putPadded(p, int(rem / 60000 % 60), 2);
    *p++ = ':';
    p = putPadded(p, int(rem / 1000 % 60), 2);
    *p++ = '.';
    p = putPadded(p, int(rem % 1000), 3);
    if (iso) {
        *p++ = 'Z';
    } else {
        for (const char c : { ' ', '+', '0', '0', ':', '0', '0' })
            *p++ = c;
    }
    return int(p - buf);
}

QString formatTs(const QDateTime &in, bool iso)
{
    char buf[40];
    return QString::fromLatin1(buf, formatTsChars(in.toMSecsSinceEpoch(), iso, buf));
}


} // namespace

namespace {

// YYYY-MM-DD[ T]HH:MM:SS[.fff...][ ][Z|+HH:MM|-HH:MM|+HH], over UTF-16 or UTF-8 code units.
// The two forms every database hands back, "YYYY-MM-DD HH:MM:SS.mmm +00:00" (SQLite, as Sequelize
// stores it) and "YYYY-MM-DD HH:MM:SS.mmm[uuu]+00" (PostgreSQL in UTC), without branches per digit;
// anything else returns false and goes through the general parser.
template <typename Ch>
bool parseUtcFast(const Ch *p, int n, qint64 *out)
{
    if (n < 26 || p[4] != Ch('-') || p[7] != Ch('-') || (p[10] != Ch(' ') && p[10] != Ch('T')) || p[13] != Ch(':')
        || p[16] != Ch(':') || p[19] != Ch('.'))
        return false;
    unsigned bad = 0;
    auto dig = [&](int i) {
        const unsigned v = static_cast<unsigned>(p[i]) - unsigned('0');
        bad |= v > 9 ? 1u : 0u;
        return int(v);
    };
    const int y = dig(0) * 1000 + dig(1) * 100 + dig(2) * 10 + dig(3);
    const int mo = dig(5) * 10 + dig(6), d = dig(8) * 10 + dig(9);
    const int h = dig(11) * 10 + dig(12), mi = dig(14) * 10 + dig(15), s = dig(17) * 10 + dig(18);
    const int ms = dig(20) * 100 + dig(21) * 10 + dig(22);
    int i = 23;
    while (i < n && static_cast<unsigned>(p[i]) - unsigned('0') <= 9) // sub-millisecond digits
        ++i;
    const int rest = n - i;
    const bool sqliteUtc = rest == 7 && p[i] == Ch(' ') && p[i + 1] == Ch('+') && p[i + 2] == Ch('0') && p[i + 3] == Ch('0')
            && p[i + 4] == Ch(':') && p[i + 5] == Ch('0') && p[i + 6] == Ch('0');
    const bool pgUtc = rest == 3 && p[i] == Ch('+') && p[i + 1] == Ch('0') && p[i + 2] == Ch('0');
    const bool zulu = rest == 1 && p[i] == Ch('Z');
    if (bad || !(sqliteUtc || pgUtc || zulu) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return false;
    *out = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000LL + s * 1000LL + ms;
    return true;
}

template <typename Ch>
bool parseTsMs(const Ch *p, int n, qint64 *out)
{
    if (parseUtcFast(p, n, out))
        return true;
    bool ok = n >= 19;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0, offsetMin = 0;
    if (ok) {
        y = digits(p, 4, &ok);
        mo = digits(p + 5, 2, &ok);
        d = digits(p + 8, 2, &ok);
        h = digits(p + 11, 2, &ok);
        mi = digits(p + 14, 2, &ok);
        s = digits(p + 17, 2, &ok);
        ok = ok && p[4] == Ch('-') && p[7] == Ch('-') && p[13] == Ch(':')
                && p[16] == Ch(':') && (p[10] == Ch(' ') || p[10] == Ch('T'));
    }
    int i = 19;
    if (ok && i < n && p[i] == Ch('.')) {
        ++i;
        int scale = 100;
        while (i < n && p[i] >= Ch('0') && p[i] <= Ch('9')) {
            ms += (static_cast<unsigned>(p[i]) - '0') * scale;
            scale /= 10;
            ++i;
        }
    }
    while (ok && i < n && p[i] == Ch(' '))
        ++i;
    if (ok && i < n) {
        if (p[i] == Ch('Z')) {
            ++i;
        } else if (p[i] == Ch('+') || p[i] == Ch('-')) {
            const int sign = p[i] == Ch('-') ? -1 : 1;
            ++i;
            int oh = 0, om = 0;
            if (i + 2 <= n)
                oh = digits(p + i, 2, &ok);
            else
                ok = false;
            i += 2;
            if (ok && i < n && p[i] == Ch(':'))
                ++i;
            if (ok && i + 2 <= n) {
                om = digits(p + i, 2, &ok);
                i += 2;
            }
            offsetMin = sign * (oh * 60 + om);
        } else {
            ok = false;
        }
    }
    if (ok && (i != n || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60))
        ok = false;
    if (!ok)
        return false;
    *out = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offsetMin) * 60000LL + s * 1000LL + ms;
    return true;
}

template <typename Ch>
QDateTime parseTs(const Ch *p, int n, bool *okOut)
{
    qint64 ms = 0;
    const bool ok = parseTsMs(p, n, &ms);
    if (okOut)
        *okOut = ok;
    return ok ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

} // namespace

QDateTime parseTimestamp(const QString &text, bool *ok)
{
    return parseTs(reinterpret_cast<const char16_t *>(text.utf16()), int(text.size()), ok);
}

QDateTime parseTimestamp(const char *utf8, int size, bool *ok)
{
    return parseTs(utf8, size, ok);
}

bool parseTimestampMsecs(const char *utf8, int size, qint64 *msecsUtc)
{
    return parseTsMs(utf8, size, msecsUtc);
}

int formatTimestampIso(qint64 msecsUtc, char *buf)
{
    return formatTsChars(msecsUtc, true, buf);
}

QString formatTimestampForStorage(const QDateTime &dt)
{
    return formatTs(dt, false);
}

QString formatTimestampIso(const QDateTime &dt)
{
    return formatTs(dt, true);
}

} // namespace grumble
