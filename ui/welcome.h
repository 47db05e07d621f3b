#pragma once

#include <QWidget>

class QPushButton;

namespace grumble::ui {

//! What an empty database shows first: what the tabs and docks are for, and three ways on:
//! Open your database…, Import Sequelize project…, Try the demo.
class WelcomeWidget : public QWidget
{
    Q_OBJECT
public:
    //! `databaseName` is the empty database's name as the title bar shows it.
    explicit WelcomeWidget(const QString &databaseName, QWidget *parent = nullptr);
    QPushButton *openButton() const { return m_open; }
    QPushButton *importButton() const { return m_import; }
    QPushButton *demoButton() const { return m_demo; }

signals:
    void openRequested();
    void importRequested();
    void demoRequested();

private:
    QPushButton *m_open;
    QPushButton *m_import;
    QPushButton *m_demo;
};

} // namespace grumble::ui
