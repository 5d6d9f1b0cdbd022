/**
 * `cascade admin hash-password`: the argon2id hash of a password read from
 * stdin, for a dashboard accounts file (ADMIN_ACCOUNTS_FILE). Reading stdin
 * keeps the password out of the shell history and the process list.
 */
import type { Command } from 'commander';
import { hashPassword } from '../../web/admin/accounts';
import { UsageError } from '../../shared/cascade-file';
import { out } from '../output';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Registers `admin hash-password`. */
export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('tài khoản trang quản trị (/admin)');
  admin
    .command('hash-password')
    .description('in chuỗi băm argon2id của mật khẩu đọc từ đầu vào chuẩn, vd. read -s P; printf %s "$P" | cascade admin hash-password')
    .action(async () => {
      if (process.stdin.isTTY) process.stderr.write('Nhập mật khẩu rồi nhấn Ctrl-D:\n');
      const password = await readStdin();
      if (password.length < 12) throw new UsageError('mật khẩu: cần ít nhất 12 ký tự');
      await out(`${await hashPassword(password)}\n`);
    });
}
