#include "valueformat.h"

#include "timestamps.h"

#include <QAction>
#include <QCoreApplication>
#include <QDateTime>
#include <QFont>
#include <QPalette>
#include <QSettings>

namespace grumble::ui {

namespace {

//! -1: not read yet; 0/1: the setting.
int &isoSetting()
{
    static int value = -1;
    return value;
}

//! The locale's short date with a four-digit year and its long time without the zone, with
//! milliseconds when the time has any.
QString localeTimestampFormat(const QLocale &locale, bool milliseconds)
{
    QString date = locale.dateFormat(QLocale::ShortFormat);
    if (!date.contains(QLatin1String("yyyy")))
        date.replace(QLatin1String("yy"), QLatin1String("yyyy"));
    QString time = locale.timeFormat(QLocale::LongFormat);
    time.remove(QLatin1Char('t'));
    time = time.trimmed();
    if (milliseconds)
        time.replace(QLatin1String("ss"), QLatin1String("ss.zzz"));
    return date + QLatin1Char(' ') + time;
}

} // namespace

ValueFormat *ValueFormat::instance()
{
    static ValueFormat *format = new ValueFormat(QCoreApplication::instance());
    return format;
}

bool ValueFormat::isoTimestamps()
{
    int &iso = isoSetting();
    if (iso < 0)
        iso = QSettings().value(QLatin1String(IsoTimestampsSetting), false).toBool() ? 1 : 0;
    return iso == 1;
}

void ValueFormat::setIsoTimestamps(bool iso)
{
    if (isoTimestamps() == iso)
        return;
    isoSetting() = iso ? 1 : 0;
    QSettings().setValue(QLatin1String(IsoTimestampsSetting), iso);
    emit instance()->changed();
}

QString ValueFormat::timestamp(const QDateTime &when, const QLocale &locale)
{
    if (!when.isValid())
        return QString();
    if (isoTimestamps())
        return formatTimestampIso(when);
    const QDateTime local = when.toLocalTime();
    return locale.toString(local, localeTimestampFormat(locale, local.time().msec() != 0));
}

bool ValueFormat::isNull(const QVariant &value)
{
    return !value.isValid() || value.isNull();
}

QString ValueFormat::text(const QVariant &value, const QLocale &locale)
{
    if (isNull(value))
        return QLatin1String(NullText);
    switch (value.metaType().id()) {
    case QMetaType::QDateTime: return timestamp(value.toDateTime(), locale);
    case QMetaType::QDate:
        return isoTimestamps() ? value.toDate().toString(Qt::ISODate) : locale.toString(value.toDate(), QLocale::ShortFormat);
    case QMetaType::Double: return locale.toString(value.toDouble(), 'g', 15);
    default: return value.toString();
    }
}

void ValueFormat::styleNull(QFont &font, QPalette &palette)
{
    font.setItalic(true);
    palette.setColor(QPalette::Text, palette.color(QPalette::Disabled, QPalette::Text));
}

QAction *createIsoTimestampsAction(QObject *parent)
{
    auto *action = new QAction(QCoreApplication::translate("ValueFormat", "ISO timestamps"), parent);
    action->setObjectName(QStringLiteral("isoTimestamps"));
    action->setCheckable(true);
    action->setChecked(ValueFormat::isoTimestamps());
    action->setToolTip(QCoreApplication::translate(
            "ValueFormat", "Show timestamps as ISO 8601 in UTC instead of your locale's date and time (remembered)"));
    QObject::connect(action, &QAction::toggled, action, &ValueFormat::setIsoTimestamps);
    QObject::connect(ValueFormat::instance(), &ValueFormat::changed, action,
                     [action] { action->setChecked(ValueFormat::isoTimestamps()); });
    return action;
}

} // namespace grumble::ui
