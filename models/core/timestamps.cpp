#include "timestamps.h"

#include <QTimeZone>

#include <charconv>
#include <cstdlib>
#include <string>

namespace grumble {

namespace {

template <typename Ch>
int digits(const Ch *text, int count, bool *ok)
{
    int number = 0;
    for (int i = 0; i < count; ++i) {
        const unsigned code = static_cast<unsigned>(text[i]);
        if (code < '0' || code > '9') {
            *ok = false;
            return 0;
        }
        number = number * 10 + (code - '0');
    }
    return number;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
qint64 daysFromCivil(int year, int month, int day)
{
    year -= month <= 2;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const int yoe = int(year - era * 400);
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

char *putPadded(char *out, int number, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char('0' + number % 10);
        number /= 10;
    }
    return out + width;
}

int formatTsChars(qint64 ms, bool iso, char *buf)
{
    ms = qBound(kMinTimestampMsecs, ms, kMaxTimestampMsecs); // no overflow below, always 4-digit years
    qint64 days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
    const qint64 rem = ms - days * 86400000;
    // civil from days (Howard Hinnant's algorithm)
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const int doe = int(days - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int year = int(yoe + era * 400);
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int day = doy - (153 * mp + 2) / 5 + 1;
    const int month = mp + (mp < 10 ? 3 : -9);
    year += month <= 2;
    char *cursor = putPadded(buf, year, 4);
    *cursor++ = '-';
    cursor = putPadded(cursor, month, 2);
    *cursor++ = '-';
    cursor = putPadded(cursor, day, 2);
    *cursor++ = iso ? 'T' : ' ';
    cursor = putPadded(cursor, int(rem / 3600000), 2);
    *cursor++ = ':';
    cursor = putPadded(cursor, int(rem / 60000 % 60), 2);
    *cursor++ = ':';
    cursor = putPadded(cursor, int(rem / 1000 % 60), 2);
    *cursor++ = '.';
    cursor = putPadded(cursor, int(rem % 1000), 3);
    if (iso) {
        *cursor++ = 'Z';
    } else {
        for (const char utcOffset : { ' ', '+', '0', '0', ':', '0', '0' })
            *cursor++ = utcOffset;
    }
    return int(cursor - buf);
}

QString formatTs(const QDateTime &in, bool iso)
{
    if (!in.isValid())
        return QString();
    char buf[40];
    return QString::fromLatin1(buf, formatTsChars(in.toMSecsSinceEpoch(), iso, buf));
}


} // namespace

namespace {

//! A civil (calendar) date and time of day, as read from text.
struct CivilTime
{
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millisecond = 0;

    bool isValid() const
    {
        return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
    }
    //! Milliseconds since the epoch of this time at a UTC offset.
    qint64 msecsSinceEpoch(int offsetMinutes = 0) const
    {
        return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes) * 60000LL
                + second * 1000LL + millisecond;
    }
};

// YYYY-MM-DD[ T]HH:MM:SS[.fff...][ ][Z|+HH:MM|-HH:MM|+HH], over UTF-16 or UTF-8 code units.
// The two forms every database hands back, "YYYY-MM-DD HH:MM:SS.mmm +00:00" (SQLite, as Sequelize
// stores it) and "YYYY-MM-DD HH:MM:SS.mmm[uuu]+00" (PostgreSQL in UTC), without branches per digit;
// anything else returns false and goes through the general parser.
template <typename Ch>
bool parseUtcFast(const Ch *text, int size, qint64 *out)
{
    if (size < 26 || text[4] != Ch('-') || text[7] != Ch('-') || (text[10] != Ch(' ') && text[10] != Ch('T'))
        || text[13] != Ch(':') || text[16] != Ch(':') || text[19] != Ch('.'))
        return false;
    unsigned bad = 0;
    auto digitAt = [&](int i) {
        const unsigned digit = static_cast<unsigned>(text[i]) - unsigned('0');
        bad |= digit > 9 ? 1u : 0u;
        return int(digit);
    };
    CivilTime time;
    time.year = digitAt(0) * 1000 + digitAt(1) * 100 + digitAt(2) * 10 + digitAt(3);
    time.month = digitAt(5) * 10 + digitAt(6);
    time.day = digitAt(8) * 10 + digitAt(9);
    time.hour = digitAt(11) * 10 + digitAt(12);
    time.minute = digitAt(14) * 10 + digitAt(15);
    time.second = digitAt(17) * 10 + digitAt(18);
    time.millisecond = digitAt(20) * 100 + digitAt(21) * 10 + digitAt(22);
    int i = 23;
    while (i < size && static_cast<unsigned>(text[i]) - unsigned('0') <= 9) // sub-millisecond digits
        ++i;
    const int rest = size - i;
    const bool sqliteUtc = rest == 7 && text[i] == Ch(' ') && text[i + 1] == Ch('+') && text[i + 2] == Ch('0')
            && text[i + 3] == Ch('0') && text[i + 4] == Ch(':') && text[i + 5] == Ch('0') && text[i + 6] == Ch('0');
    const bool pgUtc = rest == 3 && text[i] == Ch('+') && text[i + 1] == Ch('0') && text[i + 2] == Ch('0');
    const bool zulu = rest == 1 && text[i] == Ch('Z');
    if (bad || !(sqliteUtc || pgUtc || zulu) || !time.isValid())
        return false;
    *out = time.msecsSinceEpoch();
    return timestampInRange(*out);
}

// "YYYY-MM-DD[ T]HH:MM:SS", the first 19 code units (the caller checked there are that many).
template <typename Ch>
bool parseDateAndTime(const Ch *text, CivilTime *time)
{
    bool ok = true;
    time->year = digits(text, 4, &ok);
    time->month = digits(text + 5, 2, &ok);
    time->day = digits(text + 8, 2, &ok);
    time->hour = digits(text + 11, 2, &ok);
    time->minute = digits(text + 14, 2, &ok);
    time->second = digits(text + 17, 2, &ok);
    return ok && text[4] == Ch('-') && text[7] == Ch('-') && text[13] == Ch(':') && text[16] == Ch(':')
            && (text[10] == Ch(' ') || text[10] == Ch('T'));
}

// ".fff..." at *pos, if there: the milliseconds (digits past the third are read and ignored).
template <typename Ch>
void parseFraction(const Ch *text, int size, int *pos, int *millisecond)
{
    int i = *pos;
    if (i >= size || text[i] != Ch('.'))
        return;
    ++i;
    int scale = 100;
    while (i < size && text[i] >= Ch('0') && text[i] <= Ch('9')) {
        *millisecond += (static_cast<unsigned>(text[i]) - '0') * scale;
        scale /= 10;
        ++i;
    }
    *pos = i;
}

// "Z", "+HH", "+HH:MM", "+HHMM" (or '-') at *pos: the offset from UTC in minutes.
template <typename Ch>
bool parseZone(const Ch *text, int size, int *pos, int *offsetMinutes)
{
    int i = *pos;
    if (text[i] == Ch('Z')) {
        *pos = i + 1;
        return true;
    }
    if (text[i] != Ch('+') && text[i] != Ch('-'))
        return false;
    const int sign = text[i] == Ch('-') ? -1 : 1;
    ++i;
    if (i + 2 > size)
        return false;
    bool ok = true;
    const int hours = digits(text + i, 2, &ok);
    i += 2;
    if (ok && i < size && text[i] == Ch(':'))
        ++i;
    int minutes = 0;
    if (ok && i + 2 <= size) {
        minutes = digits(text + i, 2, &ok);
        i += 2;
    }
    if (!ok)
        return false;
    *offsetMinutes = sign * (hours * 60 + minutes);
    *pos = i;
    return true;
}

template <typename Ch>
bool parseTsMs(const Ch *text, int size, qint64 *out)
{
    if (parseUtcFast(text, size, out))
        return true;
    CivilTime time;
    if (size < 19 || !parseDateAndTime(text, &time))
        return false;
    int pos = 19;
    parseFraction(text, size, &pos, &time.millisecond);
    while (pos < size && text[pos] == Ch(' '))
        ++pos;
    int offsetMinutes = 0;
    if (pos < size && !parseZone(text, size, &pos, &offsetMinutes))
        return false;
    if (pos != size || !time.isValid())
        return false;
    *out = time.msecsSinceEpoch(offsetMinutes);
    return timestampInRange(*out);
}

template <typename Ch>
QDateTime parseTs(const Ch *text, int size, bool *okOut)
{
    qint64 msecs = 0;
    const bool ok = parseTsMs(text, size, &msecs);
    if (okOut)
        *okOut = ok;
    return ok ? QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC) : QDateTime();
}

} // namespace

bool timestampInRange(const QDateTime &timestamp)
{
    return timestamp.isValid() && timestampInRange(timestamp.toMSecsSinceEpoch());
}

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

QString formatTimestampForStorage(const QDateTime &timestamp)
{
    return formatTs(timestamp, false);
}

QString formatTimestampIso(const QDateTime &timestamp)
{
    return formatTs(timestamp, true);
}

} // namespace grumble
