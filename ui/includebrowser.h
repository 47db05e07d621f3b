#pragma once

#include "session.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QTreeView;
class QTreeWidget;
class QTreeWidgetItem;
class QLabel;

namespace grumble {
class ResultTreeModel;
}

namespace grumble::ui {

//! Builds an `include` option as a tree of check boxes, runs findAll, and shows the result tree,
//! its JSON and the SQL it ran.
class IncludeBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit IncludeBrowser(Session *session, QWidget *parent = nullptr);

    void setRoot(const QString &model);
    QString root() const;
    //! Ticks an association path ("pugs/friends"; each step an alias); false if there is none.
    bool checkPath(const QString &path, bool checked = true);
    bool setRequired(const QString &path, bool required);
    bool setWhere(const QString &path, const QString &json);
    void setRootWhere(const QString &json);
    void setLimit(int limit);
    //! The options the ticks describe, as JSON-shaped data ({"include": [...], ...}).
    QVariantMap options() const;

    ResultTreeModel *resultModel() const { return m_model; }
    QTreeView *resultView() const { return m_view; }
    QString json() const;
    QStringList sql() const { return m_sql; }
    QString lastError() const { return m_error; }

signals:
    //! A record node of the result became current.
    void recordActivated(const grumble::ui::RecordRef &ref);

public slots:
    //! Runs the query; false (and lastError()) on an error.
    bool run();

private:
    void rebuildOptions();
    void addChildren(QTreeWidgetItem *parent, const QString &model, int depth);
    QTreeWidgetItem *itemAt(const QString &path) const;
    QVariantList includesOf(QTreeWidgetItem *parent, QString *error) const;

    Session *m_session;
    QComboBox *m_root;
    QLineEdit *m_rootWhere;
    QSpinBox *m_limit;
    QTreeWidget *m_options;
    QLabel *m_call;
    QLabel *m_status;
    QTabWidget *m_results;
    QTreeView *m_view;
    ResultTreeModel *m_model;
    QPlainTextEdit *m_json;
    QPlainTextEdit *m_sqlText;
    QStringList m_sql;
    QString m_error;
    QVariant m_result;        //!< the last result; the JSON tab is written from it when shown
    bool m_jsonStale = false;
    void showJson();
};

} // namespace grumble::ui
