#pragma once

#include "session.h"

#include <QLineEdit>
#include <QWidget>

class QPlainTextEdit;
class QTreeView;
class QLabel;

namespace grumble {
class ResultTreeModel;
}

namespace grumble::ui {

//! Compact JSON (the engine's, in Sequelize's key order) indented by four spaces, keys kept in order.
QByteArray indentJson(const QByteArray &compact);

//! A line edit with history (Up/Down) and completion.
class HistoryLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    using QLineEdit::QLineEdit;
    void addHistory(const QString &line);
    QStringList history() const { return m_history; }

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QStringList m_history;
    int m_pos = 0;
};

//! The `grumble eval` console: type an expression, see the value as a tree and as JSON.
class ConsoleWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ConsoleWidget(QWidget *parent = nullptr);
    void setSession(Session *session);
    HistoryLineEdit *input() const { return m_input; }
    ResultTreeModel *resultModel() const { return m_model; }
    //! The last result as indented JSON.
    QString jsonText() const;

public slots:
    bool evaluate(const QString &expression);

private:
    Session *m_session = nullptr;
    HistoryLineEdit *m_input;
    QTreeView *m_tree;
    QPlainTextEdit *m_json;
    QLabel *m_status;
    ResultTreeModel *m_model;
};

} // namespace grumble::ui
