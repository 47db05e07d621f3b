// sanitizer_canary_fuzzer: a libFuzzer target that crashes on the input "grumble!", so the suite can
// prove that tests/sanitize/run-fuzz fails on a finding (its seed corpus, canary-corpus/, holds it).
#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char needle[] = "grumble!";
    if (size >= sizeof needle - 1 && std::memcmp(data, needle, sizeof needle - 1) == 0) {
        volatile int *nowhere = nullptr;
        *nowhere = 1; // the deliberate finding
    }
    return 0;
}
