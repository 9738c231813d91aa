# The compiled parts of the library, listed once for the library and the Python module alike.
file(GLOB COSTMODEL_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_LIST_DIR}/../src/*.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../src/services/*.cpp)
