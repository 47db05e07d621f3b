#pragma once

#include "engine.h"

#include <QString>
#include <QVariant>

namespace grumble {

//! Evaluates `grumble eval` expressions against an engine:
//!   Owner.create({"name": "Tom"})      Pug#1.setOwner(Owner#1)      Owner#1.addPugs([3, 4])
//!   Pug.findAll({"include": [{"model": "Owner"}]})                  Pug.count({"where": {...}})
//! Arguments are JSON (keys quoted); `Model#pk` references a record wherever a record goes.
class Evaluator
{
public:
    explicit Evaluator(Engine &engine) : m_engine(engine) { }

    //! Runs one expression; the value is what the accessor returns (Record, RecordList, number,
    //! bool, QVariantList, or null). Syntax errors name the 1-based column.
    Result<QVariant> evaluate(const QString &expression);
    //! The same for an expression as bytes (argv, stdin): text that is not valid UTF-8 is a Syntax
    //! error naming the 1-based byte offset, never read as U+FFFD.
    Result<QVariant> evaluateUtf8(const QByteArray &expression);
    //! A Syntax error for the first byte of `text` that is not valid UTF-8, or nothing.
    static Result<void> checkUtf8(const QByteArray &text);
    //! The names a console may complete: models, static methods, accessors of every model.
    QStringList completions() const;

private:
    Engine &m_engine;
};

} // namespace grumble
