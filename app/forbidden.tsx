import { ForbiddenContent, forbiddenMetadata } from '@/components/Forbidden';

export const metadata = forbiddenMetadata;

export default function Forbidden() {
  return <ForbiddenContent />;
}
