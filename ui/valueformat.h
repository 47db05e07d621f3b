#pragma once

#include <QLocale>
#include <QObject>
#include <QVariant>

class QAction;
class QFont;
class QPalette;

namespace grumble::ui {

//! The QSettings key of "timestamps in ISO 8601" (View › ISO timestamps); default: the locale's.
inline constexpr char IsoTimestampsSetting[] = "view/isoTimestamps";
//! What an SQL NULL shows as (italic, greyed): never confused with an empty string.
inline constexpr char NullText[] = "NULL";

//! How values are shown everywhere in the app (tables, association panel): one place for the
//! timestamp format and for NULL. changed() tells views to repaint when the format changes.
class ValueFormat : public QObject
{
    Q_OBJECT
public:
    static ValueFormat *instance();
    //! Whether timestamps show as ISO 8601 in UTC (read once from QSettings, then cached).
    static bool isoTimestamps();
    //! Switches the timestamp format, remembers it in QSettings and emits changed().
    static void setIsoTimestamps(bool iso);
    //! A timestamp as the user sees it: the locale's short date (four-digit year) and time with
    //! seconds and milliseconds, in local time ("02.12.2026 16:56:28.184" in German); with
    //! isoTimestamps() ISO 8601 in UTC ("2026-12-02T15:56:28.184Z").
    static QString timestamp(const QDateTime &when, const QLocale &locale = QLocale());
    //! A cell's text: NULL → "NULL", a timestamp → timestamp(), a date → the locale's short date,
    //! anything else its text (an empty string stays empty).
    static QString text(const QVariant &value, const QLocale &locale = QLocale());
    //! Whether a value is SQL NULL (invalid or null), not an empty string.
    static bool isNull(const QVariant &value);
    //! The font and text colour a NULL is shown with: italic, the disabled text colour.
    static void styleNull(QFont &font, QPalette &palette);

signals:
    void changed();

private:
    using QObject::QObject;
};

//! A checkable "ISO timestamps" action bound to ValueFormat, for a View menu.
QAction *createIsoTimestampsAction(QObject *parent);

} // namespace grumble::ui
