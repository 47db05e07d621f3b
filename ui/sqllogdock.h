#pragma once

#include <QWidget>

class QTableView;

namespace grumble {
class SqlLog;
class SqlLogModel;
}

namespace grumble::ui {

//! The QSettings key of the log's "Show BEGIN/COMMIT" box.
inline constexpr char ShowControlSetting[] = "sqlLog/showControl";

//! Every statement the engine runs: time, action, SQL, bindings, duration, rows.
class SqlLogWidget : public QWidget
{
    Q_OBJECT
public:
    explicit SqlLogWidget(QWidget *parent = nullptr);
    //! Follows a connection's log (replacing the previous one).
    void attach(SqlLog *log);
    SqlLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

private:
    SqlLogModel *m_model;
    QTableView *m_view;
    QMetaObject::Connection m_conn;
    bool m_follow = true;
};

} // namespace grumble::ui
