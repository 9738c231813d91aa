# The compiled parts of the library, listed once for the library and the Python module alike.
set(COSTMODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/../src/decimal.cpp
)
