/* SD in SPI mode: CRC7 of commands, CRC16 of data blocks, command frames, capacity from the CSD. */
#include "sdcard.h"

/* CRC7, polynomial x^7 + x^3 + 1, initial 0, MSB first (SD spec 4.5). */
uint8_t sd_crc7(const uint8_t *p, uint32_t n)
{
	uint8_t crc = 0;

	for (uint32_t i = 0; i < n; i++) {
		uint8_t b = p[i];

		for (int k = 0; k < 8; k++, b <<= 1) {
			bool fb = ((crc >> 6) ^ (b >> 7)) & 1;

			crc = (uint8_t)((crc << 1) & 0x7f);
			if (fb)
				crc ^= 0x09;
		}
	}
	return crc;
}

/* CRC16, polynomial x^16 + x^12 + x^5 + 1 (0x1021), initial 0, MSB first. */
uint16_t sd_crc16(const uint8_t *p, uint32_t n)
{
	uint16_t crc = 0;

	for (uint32_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int k = 0; k < 8; k++)
			crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
	}
	return crc;
}

void sd_cmd_frame(uint8_t out[6], uint8_t idx, uint32_t arg)
{
	out[0] = (uint8_t)(0x40 | (idx & 0x3f));
	out[1] = (uint8_t)(arg >> 24);
	out[2] = (uint8_t)(arg >> 16);
	out[3] = (uint8_t)(arg >> 8);
	out[4] = (uint8_t)arg;
	out[5] = (uint8_t)(sd_crc7(out, 5) << 1 | 1);
}

uint64_t sd_csd_sectors(const uint8_t csd[16])
{
	switch (csd[0] >> 6) {
	case 0: {	/* CSD 1.0: (C_SIZE + 1) << (C_SIZE_MULT + 2) blocks of 2^READ_BL_LEN */
		uint32_t bl_len = csd[5] & 0xf;
		uint32_t c_size = (uint32_t)(csd[6] & 3) << 10 | (uint32_t)csd[7] << 2 | csd[8] >> 6;
		uint32_t mult = (uint32_t)(csd[9] & 3) << 1 | csd[10] >> 7;

		if (bl_len < 9 || bl_len > 11)
			return 0;
		return ((uint64_t)(c_size + 1) << (mult + 2 + bl_len)) / SD_SECTOR;
	}
	case 1: {	/* CSD 2.0: (C_SIZE + 1) * 512 KiB */
		uint32_t c_size = (uint32_t)(csd[7] & 0x3f) << 16 | (uint32_t)csd[8] << 8 | csd[9];

		return (uint64_t)(c_size + 1) * 1024;
	}
	}
	return 0;
}
