// rulejit CLI entry point (placeholder until subcommands land).
#include <cstdio>
int main() { std::puts("rulejit"); return 0; }
