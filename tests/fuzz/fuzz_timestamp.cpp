// libFuzzer target: the timestamp parser and formatters (models/core/timestamps.h). Any bytes parse
// or are refused without undefined behaviour; what parses is in range and formats back to text that
// parses to the same instant; any 64-bit number formats without overflow.
#include "timestamps.h"

#include <QString>

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace grumble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = reinterpret_cast<const char *>(data);
    const int length = int(size > 4096 ? 4096 : size);
    qint64 msecs = 0;
    const bool parsed = parseTimestampMsecs(text, length, &msecs);
    bool ok = false;
    const QDateTime fromUtf8 = parseTimestamp(text, length, &ok);
    const QDateTime fromUtf16 = parseTimestamp(QString::fromUtf8(text, length));
    if (parsed != ok || (ok && fromUtf8.toMSecsSinceEpoch() != msecs))
        std::abort(); // the two entry points disagree
    if (parsed) {
        if (!timestampInRange(msecs))
            std::abort();
        char buf[40];
        const int isoLength = formatTimestampIso(msecs, buf);
        qint64 again = 0;
        if (!parseTimestampMsecs(buf, isoLength, &again) || again != msecs)
            std::abort(); // ISO text that does not read back
        const QString storage = formatTimestampForStorage(fromUtf8);
        if (parseTimestamp(storage).toMSecsSinceEpoch() != msecs)
            std::abort();
    }
    (void)fromUtf16;
    if (size >= 8) {
        qint64 any = 0;
        std::memcpy(&any, data, 8);
        char buf[40];
        (void)formatTimestampIso(any, buf);
    }
    return 0;
}
