# Finds Arrow C++ inside the pinned pyarrow wheel of the target Python.
#
# The wheel ships only SO-versioned libraries (libarrow.so.2600) and no CMake package,
# so we ask pyarrow where it lives and make IMPORTED targets on the versioned files.
# Linking a full path records the SONAME, so no unversioned symlink is needed.
#
# Defines: PyArrow_VERSION, PyArrow_INCLUDE_DIR, PyArrow_LIBRARY_DIR and the targets
#   PyArrow::arrow, PyArrow::arrow_compute, PyArrow::acero, PyArrow::dataset,
#   PyArrow::parquet, PyArrow::arrow_s3 (those present in the wheel).

if(NOT Python_EXECUTABLE)
  find_package(Python 3.11 REQUIRED COMPONENTS Interpreter)
endif()

execute_process(
  COMMAND "${Python_EXECUTABLE}" -c
          "import pyarrow as pa; print(pa.__version__); print(pa.get_include()); print(pa.get_library_dirs()[0])"
  OUTPUT_VARIABLE _pyarrow_info
  RESULT_VARIABLE _pyarrow_result
  ERROR_VARIABLE _pyarrow_error
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _pyarrow_result EQUAL 0)
  message(FATAL_ERROR "pyarrow is not importable from ${Python_EXECUTABLE}: ${_pyarrow_error}\n"
                      "Install it with: pip install 'pyarrow==26.0.*'")
endif()
string(REPLACE "\n" ";" _pyarrow_info "${_pyarrow_info}")
list(GET _pyarrow_info 0 PyArrow_VERSION)
list(GET _pyarrow_info 1 PyArrow_INCLUDE_DIR)
list(GET _pyarrow_info 2 PyArrow_LIBRARY_DIR)

string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _ "${PyArrow_VERSION}")
set(PyArrow_VERSION_MAJOR ${CMAKE_MATCH_1})
set(PyArrow_VERSION_MINOR ${CMAKE_MATCH_2})
math(EXPR PyArrow_SO_VERSION "${PyArrow_VERSION_MAJOR} * 100 + ${PyArrow_VERSION_MINOR}")

function(_pyarrow_add_library target file_stem)
  set(_path "${PyArrow_LIBRARY_DIR}/lib${file_stem}.so.${PyArrow_SO_VERSION}")
  if(NOT EXISTS "${_path}")
    return()
  endif()
  add_library(PyArrow::${target} SHARED IMPORTED GLOBAL)
  set_target_properties(PyArrow::${target} PROPERTIES
    IMPORTED_LOCATION "${_path}"
    IMPORTED_SONAME "lib${file_stem}.so.${PyArrow_SO_VERSION}"
    INTERFACE_INCLUDE_DIRECTORIES "${PyArrow_INCLUDE_DIR}")
  target_compile_features(PyArrow::${target} INTERFACE cxx_std_20)
endfunction()

_pyarrow_add_library(arrow arrow)
_pyarrow_add_library(arrow_compute arrow_compute)
_pyarrow_add_library(acero arrow_acero)
_pyarrow_add_library(dataset arrow_dataset)
_pyarrow_add_library(parquet parquet)
_pyarrow_add_library(arrow_s3 arrow_s3)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PyArrow
  REQUIRED_VARS PyArrow_INCLUDE_DIR PyArrow_LIBRARY_DIR
  VERSION_VAR PyArrow_VERSION)
