# SPDX-License-Identifier: BSD-2-Clause
# Helpers shared by every CMakeLists.txt of the project.

# hive_unit_test(NAME src.c [LABELS ...] [LIBS ...]): one cmocka executable, one ctest case.
function(hive_unit_test name src)
	cmake_parse_arguments(A "" "" "LABELS;LIBS" ${ARGN})
	add_executable(${name} ${src})
	target_link_libraries(${name} PRIVATE bpfhive_static cmocka ${A_LIBS})
	add_test(NAME ${name} COMMAND ${name})
	set(labels unit ${A_LABELS})
	set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT 300
		ENVIRONMENT "HIVE_SHARED_DIR=${HIVE_SHARED_DIR};HIVE_BUILD_DIR=${CMAKE_BINARY_DIR};HIVE_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()

# The kernel's BTF, dumped as C, is what BPF programs in this tree include as vmlinux.h.
# It is generated once per build tree. HIVE_VMLINUX_BTF may point at another BTF file.
set(HIVE_VMLINUX_BTF "/sys/kernel/btf/vmlinux" CACHE FILEPATH "BTF that vmlinux.h is made from")
set(HIVE_BPF_INCLUDE_DIR "${CMAKE_BINARY_DIR}/bpf-include")
set(HIVE_VMLINUX_H "${HIVE_BPF_INCLUDE_DIR}/vmlinux.h")
if(EXISTS "${HIVE_VMLINUX_BTF}")
	set(HIVE_HAVE_VMLINUX_BTF ON)
else()
	set(HIVE_HAVE_VMLINUX_BTF OFF)
	message(WARNING "${HIVE_VMLINUX_BTF} not found: BPF C programs will not be built and the tests that need them are not registered")
endif()
find_program(HIVE_BPFTOOL bpftool PATHS /usr/sbin /sbin)

# hive_bpf_programs(TARGET OUTDIR SOURCES ...): compile BPF C with clang-19 -O2 -g -target bpf
# into OUTDIR/<name>.bpf.o, and make TARGET build all of them.
function(hive_bpf_programs target)
	cmake_parse_arguments(A "" "OUTDIR" "SOURCES;INCLUDES" ${ARGN})
	set(outs)
	foreach(src ${A_SOURCES})
		get_filename_component(name ${src} NAME)
		string(REGEX REPLACE "\\.bpf\\.c$|\\.c$" "" name ${name})
		set(out ${A_OUTDIR}/${name}.bpf.o)
		set(incs)
		foreach(inc ${A_INCLUDES})
			list(APPEND incs -I${inc})
		endforeach()
		add_custom_command(OUTPUT ${out}
			COMMAND ${HIVE_BPF_CLANG} -O2 -g -target bpf -D__TARGET_ARCH_x86
				-I${HIVE_BPF_INCLUDE_DIR} -I${CMAKE_SOURCE_DIR}/include/bpfhive/bpf ${incs}
				-MD -MF ${out}.d -c ${src} -o ${out}
			DEPENDS ${src} hive_vmlinux_h
			DEPFILE ${out}.d
			COMMENT "BPF ${name}.bpf.o"
			VERBATIM)
		list(APPEND outs ${out})
	endforeach()
	add_custom_target(${target} ALL DEPENDS ${outs})
endfunction()
