# U-Boot script that boots Xen with a dom0 kernel on a Raspberry Pi 4.
# Build it with: mkimage -A arm64 -T script -C none -d boot.cmd boot.scr
# xen-config: xen=4.17

setenv xen_addr_r 0x00200000
setenv kernel_addr_r 0x00400000
fdt addr ${fdt_addr}
fdt resize 1024

load mmc 0:1 ${xen_addr_r} xen
load mmc 0:1 ${kernel_addr_r} vmlinuz
setenv kernel_size 0x${filesize}

fdt set /chosen \#address-cells <1>
fdt set /chosen \#size-cells <1>
fdt set /chosen xen,xen-bootargs "console=dtuart dtuart=/soc/serial@7e215040 dom0_mem=768M sync_consle"

setenv dom0_bootargs "console=hvc0 earlycon=xen root=/dev/mmcblk0p2 rootwait rootfstyp=ext4"
fdt set /chosen xen,dom0-bootargs \"${dom0_bootargs}\"

fdt mknod /chosen dom0
fdt set /chosen/dom0 compatible "xen,linux-zimage" "xen,multiboot-module" "multiboot,module"
fdt set /chosen/dom0 reg <${kernel_addr_r} ${kernel_size}>

booti ${xen_addr_r} - ${fdt_addr}
