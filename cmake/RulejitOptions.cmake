# Warning and sanitizer flags for the project's own targets.
# Use rulejit_target_defaults(<target>) on every target we write; third-party
# headers are included as SYSTEM so their warnings do not count against us.
set(RULEJIT_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wcast-align -Wunused -Woverloaded-virtual
    -Wimplicit-fallthrough -Wno-missing-field-initializers)

if(RULEJIT_FUZZ)
  # Instrument everything for libFuzzer; the fuzz targets add -fsanitize=fuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(RULEJIT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

function(rulejit_target_defaults target)
  target_compile_options(${target} PRIVATE ${RULEJIT_WARNINGS})
endfunction()

# A static library made of every .cpp under the given folders (relative to the
# calling CMakeLists), so adding a file never edits a shared list.
function(rulejit_glob_library name)
  cmake_parse_arguments(A "" "" "DIRS;DEPS" ${ARGN})
  set(srcs)
  foreach(d ${A_DIRS})
    file(GLOB_RECURSE s CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${d}/*.cpp)
    list(APPEND srcs ${s})
  endforeach()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${A_DEPS})
  rulejit_target_defaults(${name})
endfunction()
