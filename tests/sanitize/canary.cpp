// sanitizer_canary: a program with one deliberate bug per argument, so the suite can prove that the
// sanitizer build catches each kind and that a report stops the process with a failure
// (tests/sanitize/expect-report runs it; see tests/CMakeLists.txt).
//
//   sanitizer_canary heap-overflow | signed-overflow | leak
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

//! Reads one int past the end of a heap array (AddressSanitizer: heap-buffer-overflow).
int heapOverflow(int index)
{
    int *values = new int[4]{1, 2, 3, 4};
    const int value = values[index];
    delete[] values;
    return value;
}

//! Adds past INT_MAX (UndefinedBehaviorSanitizer: signed integer overflow).
int signedOverflow(int start)
{
    return start + 1;
}

//! Where leak() parks its pointer, so the optimizer cannot drop the allocation.
void *volatile g_parked = nullptr;

//! Allocates and drops the only pointer (LeakSanitizer: detected memory leaks).
int leak(int size)
{
    char *block = static_cast<char *>(std::malloc(static_cast<size_t>(size)));
    std::memset(block, 'x', static_cast<size_t>(size));
    g_parked = block;
    const int first = block[0];
    g_parked = nullptr;
    return first;
}

} // namespace

int main(int argc, char **argv)
{
    const std::string mode = argc > 1 ? argv[1] : "";
    // argc keeps the values unknown to the optimizer.
    if (mode == "heap-overflow")
        std::printf("%d\n", heapOverflow(argc + 2));
    else if (mode == "signed-overflow")
        std::printf("%d\n", signedOverflow(INT_MAX - 2 + argc));
    else if (mode == "leak")
        std::printf("%d\n", leak(argc * 100));
    else {
        std::fprintf(stderr, "usage: sanitizer_canary heap-overflow|signed-overflow|leak\n");
        return 2;
    }
    // Reached only when the sanitizer did not stop the process.
    std::printf("the bug went unnoticed\n");
    return 0;
}
