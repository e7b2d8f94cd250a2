# Build step: brings Redoc's standalone bundle (pinned version and npm integrity) from the npm
# registry with `npm pack`, checks its integrity, and writes it to OUT. Run once per build tree.
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND npm pack redoc@${VERSION} --json --pack-destination ${WORK}
                WORKING_DIRECTORY ${WORK} OUTPUT_VARIABLE out RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "npm pack redoc@${VERSION} failed (is npm installed? scripts/install-deps installs it)")
endif()
string(JSON got GET "${out}" 0 integrity)
string(JSON tarball GET "${out}" 0 filename)
if(NOT got STREQUAL INTEGRITY)
  message(FATAL_ERROR "redoc@${VERSION}: integrity ${got}, expected ${INTEGRITY}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E tar xzf ${WORK}/${tarball} package/bundles/redoc.standalone.js package/LICENSE
                WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot unpack ${tarball}")
endif()
file(COPY_FILE ${WORK}/package/bundles/redoc.standalone.js ${OUT})
