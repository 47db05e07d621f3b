#pragma once

#include "session.h"

#include <QDialog>

#include <functional>

class QLineEdit;
class QListWidget;
class QSpinBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace grumble {
class SequelizeImport;
}

namespace grumble::ui {

//! Picks one or more records of a model, searching by its display attribute.
class RecordPickerDialog : public QDialog
{
    Q_OBJECT
public:
    RecordPickerDialog(Session *session, const QString &model, bool multiple, QWidget *parent = nullptr);
    //! The primary keys chosen.
    QVariantList selectedKeys() const;
    //! Selects the rows with these keys, the first one current (the current owner, preselected).
    void selectKeys(const QVariantList &keys);
    //! Leaves these keys out of the list (the friends a pug already has, for Add…).
    void setExcludedKeys(const QVariantList &keys);
    QLineEdit *searchEdit() const { return m_search; }
    QListWidget *list() const { return m_list; }
    //! The line under the list: how many there are, what was left out, what to do.
    QLabel *hint() const { return m_hint; }

public slots:
    //! OK and Enter: the list of what was just typed; a single match is chosen; without a
    //! selection the dialog stays open and says so.
    void accept() override;

private:
    void refill();
    Session *m_session;
    QString m_model;
    QLineEdit *m_search;
    QListWidget *m_list;
    QLabel *m_hint;
    QTimer *m_refill;
    QVariantList m_excluded;
};

//! Edits the exact set of related records: available on the left, chosen on the right.
class DualListDialog : public QDialog
{
    Q_OBJECT
public:
    DualListDialog(Session *session, const QString &model, const QVariantList &chosen, QWidget *parent = nullptr);
    QVariantList chosenKeys() const;
    //! Replaces the chosen set (for scripts and tests).
    void setChosenKeys(const QVariantList &keys);

private:
    void refillAvailable();
    void move(QListWidget *from, QListWidget *to);
    Session *m_session;
    QString m_model;
    QLineEdit *m_search;
    QListWidget *m_available;
    QListWidget *m_chosen;
};

//! Values for a new record: one field per attribute a user sets (no id, timestamps or `skip`).
class RecordFormDialog : public QDialog
{
    Q_OBJECT
public:
    RecordFormDialog(const Model &model, const QStringList &skip, QWidget *parent = nullptr);
    QVariantMap values() const;
    //! Sets a field's text (for scripts and tests).
    void setValue(const QString &attribute, const QString &text);
    //! What OK does after the fields are valid (create the record); an error keeps the dialog open
    //! with the typed values and the message in the form.
    void setSubmit(std::function<Result<void>(const QVariantMap &)> submit) { m_submit = std::move(submit); }
    //! Checks every field against its attribute's type (INTEGER takes whole numbers, ...); each
    //! problem shows under its field. True when all are valid.
    bool validate();

public slots:
    void accept() override;

private:
    const Model &m_model;
    QHash<QString, QLineEdit *> m_edits;
    QHash<QString, QLabel *> m_problems;
    QLabel *m_error = nullptr;
    std::function<Result<void>(const QVariantMap &)> m_submit;
};

//! The parts of a postgresql:// URL.
class PgConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PgConnectionDialog(QWidget *parent = nullptr);
    QString url() const;

private:
    QLineEdit *m_host, *m_user, *m_password, *m_db;
    QSpinBox *m_port;
};

//! The progress of File › Import Sequelize project…: a busy bar, the time node has run, node's
//! stderr lines as they come, and Cancel (or Esc), which kills node. Accepted when the import
//! finished, rejected when it failed or was canceled.
class ImportProgressDialog : public QDialog
{
    Q_OBJECT
public:
    ImportProgressDialog(SequelizeImport *import, const QString &projectPath, QWidget *parent = nullptr);
    QPlainTextEdit *log() const { return m_log; }
    QPushButton *cancelButton() const { return m_cancel; }

public slots:
    //! Cancels the import (kills node); the dialog closes when node has stopped.
    void reject() override;

private:
    SequelizeImport *m_import;
    QPlainTextEdit *m_log;
    QLabel *m_elapsed;
    QPushButton *m_cancel;
};

} // namespace grumble::ui
