// A test that skips, for the check that run-qtest turns a skip into a failure under CI=true
// (registered twice in tests/CMakeLists.txt: with CI=true it must fail, without it must pass).
#include <QtTest>

class SkipGuard : public QObject
{
    Q_OBJECT
private slots:
    void passes() { QVERIFY(true); }
    void skips() { QSKIP("a feature that switched itself off"); }
};

QTEST_GUILESS_MAIN(SkipGuard)
#include "skipguard.moc"
